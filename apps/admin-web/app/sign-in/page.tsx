import type { Metadata } from 'next';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Tillwire Admin' };

export default function SignInPage() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-16 shrink-0 items-center bg-slate-900 px-6 text-white">
        <p className="text-2xl font-bold tracking-tight">Tillwire Admin</p>
      </header>
      <main className="flex flex-1 items-start justify-center p-10">
        <SignInForm />
      </main>
    </div>
  );
}
