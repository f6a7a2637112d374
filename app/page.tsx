import { redirect } from 'next/navigation';
import { getClaims } from '@/lib/auth/session.ts';

// "/" has no screen of its own: the customer list when signed in, else the login page.
export default async function Home() {
  redirect((await getClaims()) ? '/customers' : '/login');
}
