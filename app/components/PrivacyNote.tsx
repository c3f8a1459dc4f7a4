/** The promise that the file stays here — kept by the page's Content-Security-Policy (connect-src 'self'). */

/** A one-line privacy note for the status bar. */
export function PrivacyNote() {
  return (
    <span className="privacy" title="The file is read and parsed by this page, on your machine. The page's Content-Security-Policy lets it contact no server but its own, and it sends nothing there.">
      <svg viewBox="0 0 16 16" aria-hidden="true" className="privacy-icon">
        <path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z" />
      </svg>
      Your file never leaves this browser: it is read here and uploaded nowhere.
    </span>
  );
}
