// Input rules of the numbers page. How Meta's values read (tone and meaning) comes with each answer from Rust
// (NumberHealth's explained fields), and the Local Storage regions from AppInfo.dataRegions.

/** Six digits exactly (a PIN or an ownership code); leading zeros count. */
export const SIX_DIGITS = /^\d{6}$/;
