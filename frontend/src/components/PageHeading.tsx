import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's one `<h1>`. Sets the document title and, after client-side navigation, moves
 * focus to the heading so screen-reader and keyboard users start at the new content.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    // Not on the very first page of a visit: the browser starts at the top anyway and the
    // skip link should be the first thing a keyboard user meets.
    if (window.history.state && (window.history.state as { idx?: number }).idx) {
      ref.current?.focus();
    }
  }, []);
  return (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
