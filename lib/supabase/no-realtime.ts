// supabase-js looks for a native WebSocket when a client is constructed (Node 22+ has one;
// this project supports Node 20). Server code never subscribes to Realtime, so clients get a
// transport that refuses to be used instead of a polyfill we would never exercise.
class NoRealtime {
  constructor() {
    throw new Error('Supabase Realtime is not used on the server');
  }
}
export const serverRealtimeOptions = { transport: NoRealtime as unknown as typeof WebSocket };
