/**
 * A synchronous HTTP GET for test collection time, when Playwright needs the operation list before any
 * async code can run. A child Node does the fetch; this process blocks on it for at most the timeout.
 */
import { execFileSync } from 'node:child_process';

// Runs in the child: argv = [node, url, timeoutMs]. Redirects are not followed: the gate fetches only the
// URL it was given (on its own target). The body goes to stdout; a failure reason to stderr, exit code 2.
const CHILD_SCRIPT = `
const [url, ms] = process.argv.slice(1);
const fail = (reason) => { process.stderr.write(reason); process.exitCode = 2; };
fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(Number(ms)) })
  .then(async (res) => {
    const text = await res.text();
    if (res.status >= 300 && res.status < 400) fail('HTTP ' + res.status + ', redirected to ' + res.headers.get('location'));
    else if (!res.ok) fail('HTTP ' + res.status + ' ' + res.statusText);
    else process.stdout.write(text);
  })
  .catch((error) => {
    const cause = error.cause && error.cause.code ? error.cause.code : error.message;
    fail(error.name === 'TimeoutError' ? 'no answer within ' + ms + ' ms' : String(cause));
  });
`;

// The child's own start-up, on top of the fetch timeout, before the parent gives up on it.
const STARTUP_MARGIN_MS = 5_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The body of a 2xx answer to GET `url`; throws an Error naming the URL and the status, timeout or cause. */
export function fetchTextSync(url: string, timeoutMs: number): string {
  try {
    return execFileSync(process.execPath, ['-e', CHILD_SCRIPT, url, String(timeoutMs)], {
      encoding: 'utf8',
      timeout: timeoutMs + STARTUP_MARGIN_MS,
      maxBuffer: MAX_BODY_BYTES,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    const reason =
      failed.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : (failed.stderr ?? '').trim() || failed.message;
    throw new Error(
      `GET ${url} for the OpenAPI document failed: ${reason}. ` +
        'Check that the target serves its document at that URL, or point the profile at a local file.',
    );
  }
}
