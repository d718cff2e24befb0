// Types for flowkit-embed.mjs (protocol version 1, docs/host-protocol.md). flowkit-embed.d.mts is the
// file TypeScript looks for next to the .mjs (and the package's "types"); flowkit-embed.d.ts is the
// same file under its older name, which the sandbox also serves. scripts/pack-sdk.sh checks they match.

/** Version of the message protocol (the `version` of every envelope). */
export declare const PROTOCOL_VERSION: 1;
/** Every envelope type the flow sends. */
export declare const EVENT_TYPES: readonly FlowkitEventType[];

/** Theme passed as `?styles=` and in `configure`. Colors are CSS colors. */
export interface FlowkitStyles {
  theme?: 'light' | 'dark';
  variables?: {
    backgroundColor?: string;
    primaryTextColor?: string;
    secondaryTextColor?: string;
    tertiaryTextColor?: string;
    primaryColor?: string;
    inputBackgroundColor?: string;
    inputBorderColor?: string;
    inputPlaceholderColor?: string;
    borderRadius?: string | number;
    /** `button...` and `tab...` variables (buttonBackgroundColor, tabTextColor, ...). */
    [name: `button${string}` | `tab${string}`]: string | number | undefined;
  };
}

// ---- Payloads (flow -> host)
export interface ReadyPayload {}
export interface ResizePayload { /** Content height in CSS pixels. */ height: number }
export interface StepStartedPayload { step: string }
export interface StepCompletedPayload {
  step: string;
  /** "completed"; manage-payouts sends "completed-saved" when saved without change. */
  status: 'completed' | 'completed-saved' | (string & {});
}
export interface FlowCompletedPayload { user_id: string }
export interface PayoutCreatedPayload { transfer_id: string; /** In cents. */ amount: number }
export interface SessionExpiredPayload {}
export interface ErrorPayload { code: string; message: string; retryable: boolean }
export interface RedirectPayload { url: string }
export interface ExitPayload { reason: string }

export interface FlowkitPayloads {
  ready: ReadyPayload;
  resize: ResizePayload;
  step_started: StepStartedPayload;
  step_completed: StepCompletedPayload;
  flow_completed: FlowCompletedPayload;
  payout_created: PayoutCreatedPayload;
  session_expired: SessionExpiredPayload;
  error: ErrorPayload;
  redirect: RedirectPayload;
  exit: ExitPayload;
}
export type FlowkitEventType = keyof FlowkitPayloads;

/** An envelope from the flow, discriminated by `type`. */
export type FlowkitEvent = {
  [T in FlowkitEventType]: { source: 'flowkit'; version: 1; type: T; flow_id: string; payload: FlowkitPayloads[T] };
}[FlowkitEventType];

/** Dots-compatible messages, sent by the flow next to the envelopes. */
export type DotsHeightMessage = { height: number };
export type DotsStepMessage = { step: string; status: string };
export type DotsMessage = DotsHeightMessage | DotsStepMessage;

// ---- Messages host -> flow
export interface ConfigurePayload { styles?: FlowkitStyles; locale?: string }
export type FlowkitHostMessage =
  | { source: 'flowkit-host'; version: 1; type: 'configure'; payload: ConfigurePayload }
  | { source: 'flowkit-host'; version: 1; type: 'close'; payload: {} };

// ---- Callback arguments
export interface CompleteInfo { user_id: string; flow_id: string }
export interface ExitInfo { reason: string }
export interface ErrorInfo { code: string; message: string; retryable: boolean }

export interface MountOptions {
  /** The flow's link, `{base}/flow/{flow_id}#s={secret}`, as the app API returned it. */
  link: string;
  /** Every valid envelope from this flow (resize included). */
  onEvent?: (event: FlowkitEvent) => void;
  /** `flow_completed`: the person finished every step. */
  onComplete?: (info: CompleteInfo) => void;
  /** `exit`: the person left the flow. */
  onExit?: (info: ExitInfo) => void;
  /** `error`: the flow hit an error it shows to the person. */
  onError?: (info: ErrorInfo) => void;
  /** Every accepted message, raw: the envelopes and the Dots-compatible `{height}` / `{step, status}`. */
  onMessage?: (message: FlowkitEvent | DotsMessage) => void;
  /** Theme, sent as `?styles=` (and later with `update`). */
  styles?: FlowkitStyles;
  /** Language, sent as `?locale=` (for example "en", "es"). */
  locale?: string;
  /** The iframe's accessible title. Default "Payout flow". */
  title?: string;
  /** Height in CSS pixels until the flow reports its own. Default 480. */
  height?: number;
  /** Follow the flow's `resize` (default true). false: the host sizes the iframe. */
  autoResize?: boolean;
}

export interface FlowkitEmbed {
  /** The iframe the SDK created. */
  readonly iframe: HTMLIFrameElement;
  /** The flow id from the link. */
  readonly flowId: string;
  /** The link's origin: messages are read from and posted to it only. */
  readonly origin: string;
  /** true after destroy(). */
  readonly destroyed: boolean;
  /** Restyles / relocalizes the running flow (posts `configure`); held until the flow page has loaded. */
  update(config: ConfigurePayload): void;
  /** Asks the flow to close (posts `close`). */
  close(): void;
  /** Removes the listener and the iframe; no callback fires afterwards. Idempotent. */
  destroy(): void;
}

/**
 * Mounts the flow in a new iframe appended to `container` (an element or a CSS selector).
 * Throws TypeError for a missing container or a link that is not an http(s) flow link.
 */
export declare function mount(container: Element | string, options: MountOptions): FlowkitEmbed;
