// The first character of the name on a colour picked from the id: stable per customer, so the
// same person is recognisable between the list and their page.
const AVATAR_COLORS = ['#07c160', '#10aeff', '#fa9d3b', '#576b95', '#6467f0', '#15bbb1', '#e16fa1', '#8a8a8a'];

function avatarColor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length]!;
}

export function CustomerAvatar({ id, name, size }: { id: string; name: string; size: number }) {
  return (
    <span
      aria-hidden="true"
      className="flex shrink-0 items-center justify-center rounded-md font-medium text-white"
      style={{ backgroundColor: avatarColor(id), width: size, height: size, fontSize: Math.round(size * 0.41) }}
    >
      {Array.from(name)[0]}
    </span>
  );
}
