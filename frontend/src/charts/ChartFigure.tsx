import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The frame of every chart: a caption, the drawing (an image with a text summary for
 * screen readers) and the same numbers as a data table behind a disclosure. Printing
 * shows the table too.
 */
export function ChartFigure({
  caption,
  summary,
  chart,
  table,
}: {
  caption: string;
  /** One-sentence text alternative of the drawing. */
  summary: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-caption">
        {caption}
      </figcaption>
      <div role="img" aria-label={summary} className="chart-drawing">
        {chart}
      </div>
      <details className="chart-table">
        <summary>{t('chart.showTable')}</summary>
        <div className="table-wrap">{table}</div>
      </details>
    </figure>
  );
}
