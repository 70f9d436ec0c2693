/**
 * What a browser does to sign in, with fetch against a listening server:
 * GET /sign-in (which sets the `scorecard_csrf` cookie and puts the same
 * value in the form's hidden `_csrf` field), then POST /sign-in with both.
 * Used by the benches that talk to a real server; it needs nothing but
 * Node, so the load-generating child process starts quickly.
 */

export interface FormSignIn {
  /** The Cookie header for later requests: `scorecard_session=…`. */
  cookie: string;
  /** GET /sign-in, until its body was read. */
  formMs: number;
  /** POST /sign-in (the password check and the new session), until its 303 was read. */
  postMs: number;
}

const cookieValue = (response: Response, name: string): string | undefined => {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const at = pair!.indexOf('=');
    if (pair!.slice(0, at).trim() === name) return pair!.slice(at + 1);
  }
  return undefined;
};

export async function signInByForm(base: string, email: string, password: string): Promise<FormSignIn> {
  const started = performance.now();
  const form = await fetch(`${base}/sign-in`, { redirect: 'manual' });
  const html = await form.text();
  const formMs = performance.now() - started;
  const csrfCookie = cookieValue(form, 'scorecard_csrf');
  const csrfField = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (form.status !== 200 || !csrfCookie || !csrfField) {
    throw new Error(`GET /sign-in gave ${form.status} without a CSRF cookie and field`);
  }

  const posted = performance.now();
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `scorecard_csrf=${csrfCookie}`,
    },
    body: new URLSearchParams({ email, password, _csrf: csrfField, next: '/scorecard' }).toString(),
  });
  await response.arrayBuffer();
  const postMs = performance.now() - posted;
  const session = cookieValue(response, 'scorecard_session');
  if (response.status !== 303 || !session) {
    throw new Error(`POST /sign-in as ${email} gave ${response.status} without a session cookie`);
  }
  return { cookie: `scorecard_session=${session}`, formMs, postMs };
}
