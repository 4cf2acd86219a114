// The WABA Console mark: a chat bubble with a check, drawn inline so it follows the theme.
export function Logo({ size = 18 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" aria-hidden>
      <path
        d="M12 3.5c-4.7 0-8.5 3.4-8.5 7.7 0 2.1.9 4 2.4 5.4L5 20.5l4.3-1.6c.9.3 1.8.4 2.7.4 4.7 0 8.5-3.4 8.5-7.7S16.7 3.5 12 3.5Z"
        stroke="currentColor"
        strokeWidth="1.9"
        strokeLinejoin="round"
      />
      <path d="m8.6 11.4 2.3 2.3 4.5-4.6" stroke="currentColor" strokeWidth="2.1" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
