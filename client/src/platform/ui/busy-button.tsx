// A form's action button: disabled with a spinner beside its label while the action runs.
import type { ComponentChildren } from 'preact';
import './feedback.css';

export function BusyButton(props: { busy: boolean; children: ComponentChildren; type?: 'submit' | 'button'; class?: string; onClick?: () => void }) {
  return (
    <button type={props.type ?? 'submit'} class={props.class ?? 'primary block'} disabled={props.busy} aria-busy={props.busy} onClick={props.onClick}>
      {props.busy ? <span class="spinner" aria-hidden="true" /> : null}
      {props.children}
    </button>
  );
}
