import jwt from 'jsonwebtoken';
import { z } from 'zod';

export interface AuthSettings {
  jwtSecret: string;
  issuer?: string;
  audience?: string;
}

/** Who is calling: the user id and the workspaces the token grants. */
export interface Principal {
  userId: string;
  workspaces: string[];
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  workspaces: z.array(z.string().min(1)),
});

/** Verifies an HS256 token; returns undefined for anything that is not a valid token. */
export function verifyToken(token: string, settings: AuthSettings): Principal | undefined {
  try {
    const payload = jwt.verify(token, settings.jwtSecret, {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return undefined;
    return { userId: claims.data.sub, workspaces: claims.data.workspaces };
  } catch {
    return undefined;
  }
}

export function signToken(
  principal: Principal,
  settings: AuthSettings,
  expiresInSeconds = 24 * 3600,
): string {
  return jwt.sign({ workspaces: principal.workspaces }, settings.jwtSecret, {
    algorithm: 'HS256',
    subject: principal.userId,
    expiresIn: expiresInSeconds,
    // jsonwebtoken refuses an option that is present but undefined.
    ...(settings.issuer !== undefined && { issuer: settings.issuer }),
    ...(settings.audience !== undefined && { audience: settings.audience }),
  });
}
