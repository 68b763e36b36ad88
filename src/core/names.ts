/** Text normalisation for name search, shared by what we store and what we look for. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/['-]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

export function displayName(p: { firstName: string; lastName: string; preferredName?: string | null }): string {
  return p.preferredName && p.preferredName !== p.firstName
    ? `${p.firstName} “${p.preferredName}” ${p.lastName}`
    : `${p.firstName} ${p.lastName}`;
}
