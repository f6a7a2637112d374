// The Me tab's 通知方式 (issue 14): which channel reminders reach this member by, and the address
// it needs — a WeCom userid (企业微信 通讯录 账号) or an e-mail. Same limits as member_channels'
// checks (migration 20261206006003_notification_channels.sql).
import './zod-csp.ts'; // before any schema is built (the browser's CSP refuses zod's eval probe)
import { z } from 'zod';

export const CHANNELS = ['webpush', 'wecom', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ChannelInput = z
  .strictObject({
    channel: z.enum(CHANNELS),
    wecom_userid: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.@-]{1,64}$/)
      .optional(),
    email: z.string().trim().max(254).pipe(z.email()).optional(),
  })
  .refine((v) => v.channel !== 'wecom' || !!v.wecom_userid, { path: ['wecom_userid'], params: { key: 'required' } })
  .refine((v) => v.channel !== 'email' || !!v.email, { path: ['email'], params: { key: 'required' } });
export type ChannelInput = z.infer<typeof ChannelInput>;
