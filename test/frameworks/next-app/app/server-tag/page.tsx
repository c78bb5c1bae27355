// The pitfall: the bare tag in a server component. The import runs on the server only, so no script in
// the browser ever defines <pilotstatus-connect>: the HTML has the tag, the page shows nothing.
import '@pilotstatus/connect-element';
import type {} from '@pilotstatus/connect-element/jsx-react';

export default async function Page({searchParams}: {searchParams: Promise<{token?: string; base?: string}>}) {
  const {token = '', base} = await searchParams;
  return <pilotstatus-connect token={token} base-url={base} />;
}
