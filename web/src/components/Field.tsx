import { type InputHTMLAttributes, useId } from 'react';

/** An input with its visible label, tied by id: every input of the app is named by its label. */
export function Field({
  label,
  ...input
}: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
    </>
  );
}
