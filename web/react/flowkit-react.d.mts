// Types for flowkit-react.mjs (@flowkit/react). The flow's own types come from @flowkit/embed.
import type { CSSProperties, ReactElement } from 'react';
import type { FlowkitEmbed, MountOptions } from '@flowkit/embed';

export type {
  CompleteInfo, ErrorInfo, ExitInfo, FlowkitEmbed, FlowkitEvent, FlowkitEventType, FlowkitPayloads, FlowkitStyles, MountOptions,
} from '@flowkit/embed';

/** mount() options, with a link that may still be missing (nothing is mounted until it is set). */
export interface FlowkitOptions extends Omit<MountOptions, 'link'> {
  /**
   * The flow link, `{base}/flow/{flow_id}#s={secret}`. While null, undefined or empty nothing is
   * mounted; another link unmounts the old flow and mounts the new one. `styles` and `locale`
   * changes restyle the running flow (update()); `title`, `height`, `autoResize` are read at mount.
   * A link that is not a flow link throws (like mount()) from the effect, to the error boundary.
   */
  link: string | null | undefined;
}

export interface FlowkitFlowProps extends FlowkitOptions {
  /** Class of the <div> the iframe goes in. */
  className?: string;
  /** Style of the <div> the iframe goes in. */
  style?: CSSProperties;
}

export interface UseFlowkit {
  /** Callback ref for the element the iframe is appended to. */
  ref: (element: Element | null) => void;
  /** The mounted flow (update(), close(), iframe...), or null before mount and after unmount. */
  flow: FlowkitEmbed | null;
}

/** Mounts the flow in the element given to `ref` while the component is mounted. */
export declare function useFlowkit(options: FlowkitOptions): UseFlowkit;

/** A <div> with the flow mounted in it; unmounting removes the iframe and its listener. */
export declare function FlowkitFlow(props: FlowkitFlowProps): ReactElement;
