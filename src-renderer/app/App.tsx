// The app shell: boot (session, canvas, jobs, events), the top bar and the current view.
import { useEffect } from 'react';
import { ApiError } from '../api.ts';
import { appStore, useApp } from '../store/index.ts';
import { openInitialCanvas, startAutosave } from '../features/canvas/index.ts';
import { loadJobs, refreshNetworkState, startJobTracking } from '../features/queue/index.ts';
import { loadGenerationDefaults, loadModels, startRunErrorWatch } from '../features/prompt/index.ts';
import { loadSession, refreshSpend } from '../features/session/index.ts';
import { applyTheme, loadTheme, saveTheme } from '../theme/index.ts';
import { ROUTES } from './routes.ts';
import { TopBar } from './TopBar.tsx';
import { needsOnboarding, Welcome } from '../features/onboarding/index.ts';
import { startLibraryPrefetch } from '../features/library/index.ts';
import { loadVideoJobs, startVideoTracking } from '../features/video/index.ts';
import { useState } from 'react';
import '../theme/theme.css';
import './app.css';

export async function boot(): Promise<void> {
  try {
    await loadSession();
    await loadModels();
    await loadGenerationDefaults();
    await Promise.all([openInitialCanvas(), loadJobs(), refreshSpend(), refreshNetworkState()]);
    // Video jobs are a feature of their own: a failure to list them must not block the studio.
    await loadVideoJobs().catch(() => {});
  } catch (error) {
    appStore.setState({ bootError: error instanceof ApiError ? error.data.message : String(error) });
  }
}

export function App() {
  const view = useApp((s) => s.view);
  const theme = useApp((s) => s.theme);
  const bootError = useApp((s) => s.bootError);

  useEffect(() => {
    appStore.getState().setTheme(loadTheme());
    const stopJobs = startJobTracking();
    const stopVideos = startVideoTracking();
    const stopSave = startAutosave();
    const stopRunErrorWatch = startRunErrorWatch();
    const stopTheme = appStore.subscribe((s) => s.theme, saveTheme);
    // Once booted, the Library's first page and thumbnails are fetched ahead of its first opening.
    let stopPrefetch: (() => void) | null = null;
    let stopped = false;
    void boot().then(() => {
      if (!stopped) stopPrefetch = startLibraryPrefetch();
    });
    const poll = setInterval(() => void refreshNetworkState().catch(() => {}), 5000);
    return () => {
      stopJobs();
      stopVideos();
      stopSave();
      stopRunErrorWatch();
      stopTheme();
      clearInterval(poll);
      stopped = true;
      stopPrefetch?.();
    };
  }, []);

  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && /^[1-4]$/.test(e.key)) {
        const route = ROUTES[Number(e.key) - 1];
        if (route) {
          e.preventDefault();
          appStore.getState().setView(route.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onboarding = useApp(needsOnboarding);
  const [welcomed, setWelcomed] = useState(false);
  const route = ROUTES.find((r) => r.id === view) ?? ROUTES[0];
  const View = route?.component;
  return (
    <div className="app">
      <TopBar />
      {bootError && (
        <p className="boot-error" role="alert">
          {bootError}
        </p>
      )}
      <main className="view" aria-label={route?.label}>
        <div id="view-panel" role="tabpanel" aria-labelledby={`view-tab-${view}`} className="view-panel">
          {onboarding && !welcomed ? <Welcome onContinue={() => setWelcomed(true)} /> : View && <View />}
        </div>
      </main>
    </div>
  );
}
