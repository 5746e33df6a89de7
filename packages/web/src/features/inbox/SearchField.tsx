import { CloseIcon, SearchIcon } from "../../ui/icons.tsx";
import styles from "./SearchField.module.css";

export function SearchField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <search className={styles.search}>
      <label htmlFor="inbox-search" className="visually-hidden">
        Search clients by name, phone or email
      </label>
      <SearchIcon className={styles.icon} size={18} />
      <input
        id="inbox-search"
        className={`input ${styles.input}`}
        type="search"
        placeholder="Search name, phone or email"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && value) {
            event.preventDefault();
            onChange("");
          }
        }}
      />
      {value ? (
        <button
          type="button"
          className={`icon-btn ${styles.clear}`}
          aria-label="Clear search"
          onClick={() => onChange("")}
        >
          <CloseIcon size={16} />
        </button>
      ) : null}
    </search>
  );
}
