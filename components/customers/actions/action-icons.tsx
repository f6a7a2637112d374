// Line icons for the customer page's action tiles (24×24, currentColor, decorative: each tile's
// label is what screen readers read). Kept here rather than in components/ui/icons.tsx, which
// the app shell owns.
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 24, children, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

/** ¥ in a coin: an order. */
export const OrderIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M9 7.8 12 11.5l3-3.7M12 11.5V17M9.2 12.6h5.6M9.2 14.9h5.6" />
  </Svg>
);

/** Steps going up: a deal's stage. */
export const StageIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 19h4v-4h4v-4h4V7h4" />
    <path d="M16.5 4H20v3.5" />
  </Svg>
);

/** A price tag: manual tags. */
export const TagIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3.5 12.2V4.5a1 1 0 0 1 1-1h7.7l8.3 8.3a1.2 1.2 0 0 1 0 1.7l-7 7a1.2 1.2 0 0 1-1.7 0Z" />
    <circle cx="8.2" cy="8.2" r="1.4" />
  </Svg>
);

/** A clipboard with a star: a satisfaction survey. */
export const SurveyIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="5" y="4.5" width="14" height="16" rx="2" />
    <path d="M9 4.5V3.5h6v1" />
    <path d="m12 9 1.1 2.2 2.4.3-1.8 1.7.5 2.4-2.2-1.2-2.2 1.2.5-2.4-1.8-1.7 2.4-.3Z" />
  </Svg>
);

export const CheckIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Svg>
);
