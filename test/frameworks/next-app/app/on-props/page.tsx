// A server component, as a page is by default: the token (and Connect's address) arrive in the server
// HTML, and the client component takes over after hydration.
import {Harness} from './harness';

export default async function Page({searchParams}: {searchParams: Promise<{token?: string; base?: string}>}) {
  const {token = '', base} = await searchParams;
  return <Harness token={token} baseUrl={base} />;
}
