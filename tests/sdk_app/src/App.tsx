// A host app as an integrator writes it: the flow link comes from the app's server (here ?link=),
// <FlowkitFlow /> mounts it, and the callbacks update the page. Buttons switch the language and
// the theme of the running flow and show/hide it. What the callbacks got is also kept on
// window.flowkitApp for tests/e2e/react_sdk.spec.mjs.
import { useEffect, useState } from 'react';
import { FlowkitFlow } from '@flowkit/react';
import type { CompleteInfo, ErrorInfo, ExitInfo, FlowkitEvent } from '@flowkit/react';

declare global {
  interface Window {
    flowkitApp: { events: FlowkitEvent[]; completed: CompleteInfo[]; exits: ExitInfo[]; errors: ErrorInfo[]; appEffects: number };
  }
}
const record: Window['flowkitApp'] = (window.flowkitApp = { events: [], completed: [], exits: [], errors: [], appEffects: 0 });
const link = new URLSearchParams(location.search).get('link');

export function App() {
  const [shown, setShown] = useState(true);
  const [locale, setLocale] = useState<'en' | 'es'>('en');
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const [log, setLog] = useState<string[]>([]);
  const [userId, setUserId] = useState<string | null>(null);
  useEffect(() => { record.appEffects++; }, []);  // 2 under StrictMode in a development build

  const onEvent = (event: FlowkitEvent) => {
    record.events.push(event);
    if (event.type === 'resize') return;
    const detail = event.type === 'step_completed' ? `${event.payload.step} ${event.payload.status}`
      : event.type === 'step_started' ? event.payload.step : '';
    setLog((l) => [...l, `${event.type} ${detail}`.trim()]);
  };

  if (!link) return <p>Open this page with ?link=&lt;a flow link&gt;.</p>;
  return (
    <main style={{ maxWidth: 440, margin: '16px auto', fontFamily: 'system-ui, sans-serif' }}>
      <p>
        <button id="toggle" onClick={() => setShown((s) => !s)}>{shown ? 'Hide flow' : 'Show flow'}</button>{' '}
        <button id="locale" onClick={() => setLocale((l) => (l === 'en' ? 'es' : 'en'))}>{locale === 'en' ? 'Español' : 'English'}</button>{' '}
        <button id="theme" onClick={() => setTheme((t) => (t === 'light' ? 'dark' : 'light'))}>{theme === 'light' ? 'Dark' : 'Light'}</button>
      </p>
      {shown && (
        <FlowkitFlow
          link={link}
          className="flow"
          style={{ border: '1px solid #ddd', borderRadius: 12, overflow: 'hidden' }}
          styles={{ theme, variables: { primaryColor: '#16a34a', borderRadius: 10 } }}
          locale={locale}
          onEvent={onEvent}
          onComplete={(info) => { record.completed.push(info); setUserId(info.user_id); }}
          onExit={(info) => { record.exits.push(info); setShown(false); }}
          onError={(info) => { record.errors.push(info); }}
        />
      )}
      {userId && <p id="done">Payee {userId} is set up.</p>}
      <ol id="events">{log.map((line, i) => <li key={i}>{line}</li>)}</ol>
    </main>
  );
}
