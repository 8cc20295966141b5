import type { TargetProfile } from '../core/profile/schema.ts';
import type { HttpClient } from './http-client.ts';
import { readPointer } from './json-pointer.ts';

/** The version the running application reports, where the profile says (`version`: a JSON pointer or a header). */
export async function runningVersion(
  http: HttpClient,
  url: string,
  profile: TargetProfile,
): Promise<{ url: string; status: number; version?: string; where: string }> {
  const res = await http(url);
  if ('header' in profile.version) {
    const value = res.headers[profile.version.header.toLowerCase()];
    return { url, status: res.status, ...(value ? { version: value } : {}), where: `header ${profile.version.header}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    body = undefined;
  }
  const value = readPointer(body, profile.version.pointer);
  return {
    url,
    status: res.status,
    ...(value !== undefined && value !== null ? { version: String(value) } : {}),
    where: `body ${profile.version.pointer}`,
  };
}
