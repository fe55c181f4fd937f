/** A small button that shows an icon and names itself for screen readers (the name is exact). */
export function IconButton({
  label,
  icon,
  disabled,
  onClick,
}: {
  label: string;
  icon: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" className="small-button" disabled={disabled} onClick={onClick}>
      <span className="visually-hidden">{label}</span>
      <span aria-hidden="true">{icon}</span>
    </button>
  );
}
