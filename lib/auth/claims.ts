// Supabase-shaped JWT claims: what getClaims() returns on both auth providers and what
// withRls hands to Postgres as request.jwt.claims.
import { z } from 'zod';

export const ClaimsSchema = z.object({
  sub: z.uuid(),
  role: z.literal('authenticated'),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number().int(),
  iat: z.number().int().optional(),
  iss: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  session_id: z.string().optional(),
  aal: z.string().optional(),
  is_anonymous: z.boolean().optional(),
  app_metadata: z.record(z.string(), z.unknown()).optional(),
  user_metadata: z.record(z.string(), z.unknown()).optional(),
});
export type Claims = z.infer<typeof ClaimsSchema>;
