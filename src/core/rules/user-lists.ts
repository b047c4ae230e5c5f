/**
 * Membership in a project's named user lists (the `userList` rule condition).
 *
 * MCAS names affected users by e-mail address or by principal name (UPN, or a bare account name
 * for on-premises identities), so an entry is one of:
 * - an e-mail address: matches that address only;
 * - a domain, "example.com" or "@example.com": matches every address at exactly that domain
 *   (not "badexample.com", not "sub.example.com");
 * - a principal name without "@": matches that name only.
 * Everything is compared case-insensitively: e-mail domains and Entra UPNs are.
 */
import type { UserList } from './schema';

export function userInList(user: string, list: UserList): boolean {
  const candidate = normalise(user);
  if (candidate === '') return false;
  const domain = domainOf(candidate);
  return list.entries.some((raw) => {
    const entry = normalise(raw);
    if (entry.startsWith('@')) return domain !== undefined && domain === entry.slice(1);
    if (entry.includes('@')) return candidate === entry;
    return candidate === entry || (domain !== undefined && domain === entry);
  });
}

/** The named list, looked up case-insensitively; `undefined` when the project has none by that name. */
export function findUserList(name: string, lists: readonly UserList[]): UserList | undefined {
  const wanted = normalise(name);
  return lists.find((list) => normalise(list.name) === wanted);
}

/** The part after the last "@" of an address; `undefined` for a principal name without a domain. */
function domainOf(user: string): string | undefined {
  const at = user.lastIndexOf('@');
  return at > 0 && at < user.length - 1 ? user.slice(at + 1) : undefined;
}

function normalise(value: string): string {
  return value.trim().toLowerCase();
}
