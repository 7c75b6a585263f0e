import { useTranslation } from 'react-i18next';
import type { TrafficLight as Light } from '../lib/api/types';

/**
 * A traffic light as shape + colour + text, never colour alone: green is a circle, yellow a
 * triangle, red an octagon ("stop"), pending a hollow circle, no light a dash.
 */
export function LightShape({
  light,
  size = 14,
}: {
  light: Light | null | undefined;
  size?: number;
}) {
  const common = {
    width: size,
    height: size,
    viewBox: '0 0 16 16',
    'aria-hidden': true as const,
    focusable: false as const,
  };
  switch (light) {
    case 'green':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
        </svg>
      );
    case 'yellow':
      return (
        <svg {...common}>
          <path d="M8 1 L15.5 15 H0.5 Z" fill="currentColor" />
        </svg>
      );
    case 'red':
      return (
        <svg {...common}>
          <path d="M5 1 H11 L15 5 V11 L11 15 H5 L1 11 V5 Z" fill="currentColor" />
        </svg>
      );
    case 'pending':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="2.5" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <rect x="2" y="7" width="12" height="2.5" fill="currentColor" />
        </svg>
      );
  }
}

/**
 * A traffic light with its text. `overridden` marks the officer's manual light; with
 * `computed` the note also names the light the rule computed (lists where the override's
 * details are one click away).
 */
export function TrafficLightBadge({
  light,
  overridden = false,
  computed,
}: {
  light: Light | null | undefined;
  overridden?: boolean;
  computed?: Light | null;
}) {
  const { t } = useTranslation();
  const label = light ? t(`light.${light}`) : t('light.none');
  const note =
    computed !== undefined
      ? t('light.overriddenComputed', {
          light: computed ? t(`light.${computed}`) : t('light.none'),
        })
      : t('light.overridden');
  return (
    <span className={`light light-${light ?? 'none'}`}>
      <LightShape light={light} />
      <span className="light-label">
        {label}
        {overridden && <span className="muted light-note">({note})</span>}
      </span>
    </span>
  );
}
