/**
 * The kinds of problem in a file, each with its exact count: a million lines wrong the same way
 * are one entry here ("bad-permissions 1,000,000"), and their first examples are in the list
 * beside it. Choosing a kind shows only its examples.
 */
import { formatCount, type DiagnosticGroup } from '../../src/internal';

/** The key of a kind: its severity and code. */
export const kindKey = (g: { severity: string; code: string }) => `${g.severity} ${g.code}`;

interface ProblemKindsProps {
  groups: readonly DiagnosticGroup[];
  /** The chosen kind's key, or null for every kind. */
  chosen: string | null;
  onChoose: (key: string | null) => void;
}

/** What a kind's entry says after its count: where it starts and how many of it are listed. */
function kindNote(g: DiagnosticGroup): string {
  const where = g.firstLine === 0 ? 'whole file' : `from line ${formatCount(g.firstLine)}`;
  if (g.count === 1) return where;
  return g.examples.length < g.count ? `${where} · first ${formatCount(g.examples.length)} listed` : `${where} · all listed`;
}

/** The list of kinds, as toggle buttons. */
export function ProblemKinds({ groups, chosen, onChoose }: ProblemKindsProps) {
  return (
    <ul className="problem-kinds" aria-label="Problems by kind">
      {groups.map((g) => {
        const key = kindKey(g);
        const note = kindNote(g);
        return (
          <li key={key}>
            <button
              type="button"
              className={`problem-kind problem-${g.severity}`}
              aria-pressed={chosen === key}
              aria-label={`${g.code} ${g.severity}s: ${formatCount(g.count)}, ${note}`}
              onClick={() => onChoose(chosen === key ? null : key)}
            >
              <span className="problem-kind-head">
                <code className="problem-kind-code">{g.code}</code>
                <span className="problem-kind-count">{formatCount(g.count)}</span>
              </span>
              <span className="problem-kind-note">
                <span className="problem-severity">{g.severity}</span> {note}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
