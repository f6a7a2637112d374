// Which auth provider this deployment uses (AUTH_PROVIDER=local|supabase; local by default).
export const authProvider = (): 'local' | 'supabase' => (process.env.AUTH_PROVIDER === 'supabase' ? 'supabase' : 'local');
