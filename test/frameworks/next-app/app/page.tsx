import Link from 'next/link';

export default function Home() {
  return (
    <ul>
      <li>
        <Link href="/wrapper">The React wrapper in a client component</Link>
      </li>
      <li>
        <Link href="/bare">The bare tag in a client component, listening in an effect</Link>
      </li>
      <li>
        <Link href="/server-wrapper">The React wrapper rendered by a server component</Link>
      </li>
      <li>
        <Link href="/server-tag">The bare tag in a server component: never defined</Link>
      </li>
      <li>
        <Link href="/on-props">The bare tag with onpilotstatus-* props: no handler runs after hydration</Link>
      </li>
      <li>
        <Link href="/baseurl-prop">The bare tag with baseUrl as a property: the default Connect origin</Link>
      </li>
    </ul>
  );
}
