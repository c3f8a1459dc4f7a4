/** The app shell: header, main view, problems panel, status bar, and the ways in (drop, paste, picker, examples). */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { findRollups } from '../src/internal';
import { getLoadedFile, snapshotSetStore, useLoadedFile } from './state/app-store';
import { useStore } from './state/create-store';
import { readLegacyView, readShellFragment, setShellFragment } from './state/url-state';
import { setPendingView } from './state/pending-view';
import { openShareLink } from './workers/open-share';
import { cancelLoad, openFiles, openSample, openText } from './workers/parse-client';
import { useFileDrop } from './hooks/useFileDrop';
import { usePaste } from './hooks/usePaste';
import { loadSamples, useSamples } from './hooks/useSamples';
import { Header } from './components/Header';
import { DiagnosticsPanel } from './components/DiagnosticsPanel';
import { DropOverlay } from './components/DropOverlay';
import { EmptyState } from './components/EmptyState';
import { LoadError } from './components/LoadError';
import { PasteDialog } from './components/PasteDialog';
import { ProgressBar } from './components/ProgressBar';
import { LoadedView } from './components/LoadedView';
import { RollupView } from './components/RollupView';
import { SkipLink } from './components/SkipLink';
import { StatusBar } from './components/StatusBar';
import { Timeline } from './components/Timeline';
import { catchUp, hasLiveToken, setPaused, startLive, useLive, type LiveSnapshot } from './live/live-client';
import { appendSnapshots } from './workers/set-client';
import { LiveBar } from './live/LiveBar';
import { ProcessPicker } from './live/ProcessPicker';

/**
 * Shows snapshots from `mapscope serve` (app/live/), parsed by the worker like dropped files: the
 * first opens as a file; later ones join the set the worker holds as a series (the timeline grows,
 * the view stays). While another file is shown, the live view pauses instead of replacing it.
 */
function showLiveSnapshots(snapshots: LiveSnapshot[]): boolean {
  const files = snapshots.map((s) => new File([s.bytes as Uint8Array<ArrayBuffer>], `process ${s.pid} ${s.file} #${s.seq}`, { lastModified: s.time }));
  const shown = getLoadedFile();
  // A load or a quiet job still running: its set is not settled yet (App's effect catches up after).
  if (shown.status === 'loading' || snapshotSetStore.get().busy) return false;
  if (shown.status === 'idle' || (shown.origin === 'live' && shown.status === 'failed')) openFiles(files.slice(-1), 'live');
  else if (shown.origin === 'live') appendSnapshots(files);
  else {
    setPaused(true);
    return false;
  }
  return true;
}

/** Opens what the URL's fragment names: an example, a share link, or nothing (`#empty`). Returns false when it names none. */
function openFromHash(): boolean {
  const named = readShellFragment();
  if (named !== null && 'share' in named) {
    void openShareLink(named.share);
    return true;
  }
  if (named === null || !('sample' in named)) return named !== null;
  // A change of view choices in the fragment (app/state/url-state.ts) keeps the file.
  const file = getLoadedFile();
  if (file.origin === 'sample' && file.fileName === named.sample && file.status !== 'failed') return true;
  openSample(named.sample);
  // An older mapscope's link to an example carried a view (`q=`, `sel=`, …): shown once, then dropped from the URL.
  const legacy = readLegacyView(location.hash);
  if (legacy?.ok) setPendingView(getLoadedFile().jobId, legacy.view);
  return true;
}

export function App() {
  const file = useLoadedFile();
  const { samples, failed: samplesFailed } = useSamples();
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [pasteOpen, setPasteOpen] = useState(false);
  const liveStatus = useLive((s) => s.status);

  const openUserFiles = useCallback((files: File[], origin: 'drop' | 'picker' | 'paste') => {
    setShellFragment(null);
    openFiles(files, origin);
  }, []);
  const openExample = useCallback((name: string) => {
    setShellFragment(name);
    openSample(name);
  }, []);
  const pasteText = useCallback((text: string) => {
    setShellFragment(null);
    openText(text);
  }, []);

  const dragging = useFileDrop((files) => openUserFiles(files, 'drop'));
  usePaste({ onText: pasteText, onFiles: (files) => openUserFiles(files, 'paste') });

  // Start-up: the live view when opened from `mapscope serve`'s URL; else the example the URL names, or the default example.
  useEffect(() => {
    if (hasLiveToken()) {
      void startLive(showLiveSnapshots);
    } else if (!openFromHash()) {
      void loadSamples()
        .then((list) => {
          const first = list.find((s) => s.default) ?? list[0];
          if (first === undefined || getLoadedFile().status !== 'idle') return;
          setShellFragment(first.file);
          openSample(first.file);
        })
        .catch(() => undefined); // the empty screen says the examples are unavailable
    }
    const onHashChange = () => void openFromHash();
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  // The live view offers what arrived while a load or a quiet job ran, once it is done.
  const setBusy = useStore(snapshotSetStore, (s) => s.busy);
  useEffect(() => {
    if (liveStatus !== 'off' && file.status !== 'loading' && !setBusy) catchUp();
  }, [liveStatus, file.status, setBusy]);

  // A new file starts with the panel closed; keyboard focus returns to the badge when it closes.
  useEffect(() => setProblemsOpen(false), [file.loadId]);
  const closeProblems = useCallback(() => {
    setProblemsOpen(false);
    requestAnimationFrame(() => document.getElementById('problems-badge')?.focus());
  }, []);

  // Escape cancels a load in progress.
  const status = useRef(file.status);
  status.current = file.status;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && status.current === 'loading') cancelLoad();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // An smaps_rollup file is totals, not regions: shown as such (src/analyze/rollup.ts).
  const rollups = useMemo(() => (file.table === null ? null : findRollups(file.table)), [file.table]);
  let content;
  if (file.status === 'loading') content = <ProgressBar file={file} onCancel={cancelLoad} />;
  else if (file.status === 'failed')
    content = (
      <LoadError file={file} samples={samples} samplesFailed={samplesFailed} onOpenSample={openExample} onShowProblems={() => setProblemsOpen(true)} />
    );
  else if (liveStatus === 'picking') content = <ProcessPicker />;
  else if (file.status === 'idle' || file.table === null || file.index === null)
    content = <EmptyState samples={samples} samplesFailed={samplesFailed} onOpenSample={openExample} />;
  else if (rollups !== null) content = <RollupView rollups={rollups} />;
  else content = <LoadedView table={file.table} index={file.index} />;
  const loaded = content.type === LoadedView;

  return (
    <div className={liveStatus === 'off' ? 'app' : 'app has-live'}>
      {loaded && <SkipLink />}
      <Header
        file={file}
        samples={samples}
        problemsOpen={problemsOpen}
        onToggleProblems={() => (problemsOpen ? closeProblems() : setProblemsOpen(true))}
        onOpenFiles={(files) => openUserFiles(files, 'picker')}
        onOpenSample={openExample}
        onPaste={() => setPasteOpen(true)}
      />
      <LiveBar />
      <main className="view" aria-label="Memory map" aria-busy={file.status === 'loading'}>
        {file.status !== 'loading' && <Timeline />}
        {content}
      </main>
      {problemsOpen && (file.diagnosticGroups.length > 0 || file.notices.length > 0) && <DiagnosticsPanel file={file} onClose={closeProblems} />}
      <StatusBar file={file} />
      <DropOverlay visible={dragging} />
      <PasteDialog
        open={pasteOpen}
        onClose={() => setPasteOpen(false)}
        onSubmit={(text) => {
          setPasteOpen(false);
          pasteText(text);
        }}
      />
    </div>
  );
}
