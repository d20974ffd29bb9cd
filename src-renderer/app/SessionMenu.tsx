// The top bar's AWS session: one button naming the profile and region ("AWS default · us-east-1")
// that opens a small menu with the Profile and Region pickers and the spend figures (which the bar
// itself hides below 1280 px). One place at every width, so nothing is cut or pushed off screen.
import { useEffect, useId, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { formatUsd } from '../../src-shared/money.ts';
import { loadModels } from '../features/prompt/index.ts';
import { regionChoices } from '../features/session/index.ts';
import { appStore, useApp } from '../store/index.ts';

function ProfilePicker() {
  const profiles = useApp((s) => s.profiles);
  const profile = useApp((s) => s.profile);
  return (
    <label className="menu-field">
      <span>Profile</span>
      <select
        data-testid="profiles"
        value={profile ?? ''}
        onChange={(e) => {
          const next = profiles.find((p) => p.name === e.target.value);
          appStore.setState({ profile: next?.name ?? null, region: next?.region ?? appStore.getState().region });
          void loadModels();
        }}
      >
        {profiles.length === 0 && <option value="">No AWS profile</option>}
        {profiles.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name} ({p.kind}
            {p.region === null ? '' : `, ${p.region}`}){p.isDefault ? ' · default' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function RegionPicker() {
  const region = useApp((s) => s.region);
  return (
    <label className="menu-field">
      <span>Region</span>
      <select
        value={region ?? ''}
        onChange={(e) => {
          appStore.getState().setRegion(e.target.value === '' ? null : e.target.value);
          void loadModels();
        }}
      >
        <option value="">Profile default</option>
        {regionChoices(region).map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Today's and this month's spend: in the bar (`data-testid="spend"`), and in the menu. */
export function SpendFigures({ inMenu = false }: { inMenu?: boolean }) {
  const spend = useApp((s) => s.spend);
  return (
    <span
      className={inMenu ? 'menu-spend' : 'spend'}
      {...(inMenu ? {} : { 'data-testid': 'spend', 'aria-label': 'Spend' })}
    >
      <span>
        <span className="muted">Today</span> {spend ? formatUsd(spend.todayMicroUsd) : '—'}
      </span>
      <span>
        <span className="muted">Month</span> {spend ? formatUsd(spend.monthMicroUsd) : '—'}
      </span>
    </span>
  );
}

/** Closes the menu on Escape (focus back on the button) and on a press outside it. */
function useDismiss(open: boolean, close: () => void, root: RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) close();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [open, close, root]);
}

export function SessionMenu() {
  const id = useId();
  const profile = useApp((s) => s.profile);
  const region = useApp((s) => s.region);
  const profileRegion = useApp((s) => s.profiles.find((p) => p.name === s.profile)?.region ?? null);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useDismiss(
    open,
    () => {
      setOpen(false);
      button.current?.focus();
    },
    root,
  );
  const shownRegion = region ?? profileRegion ?? 'no region';
  return (
    <div className="session" ref={root}>
      <button
        ref={button}
        type="button"
        className="session-button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        title={`AWS profile ${profile ?? '(none)'}, region ${shownRegion}`}
        onClick={() => setOpen(!open)}
      >
        <span className="session-kind">AWS</span> {profile ?? 'no profile'} · {shownRegion}
        <span aria-hidden="true" className="session-caret">
          ▾
        </span>
      </button>
      {open && (
        <div id={`${id}-menu`} className="session-menu" role="group" aria-label="AWS profile and region">
          <ProfilePicker />
          <RegionPicker />
          <SpendFigures inMenu />
        </div>
      )}
    </div>
  );
}
