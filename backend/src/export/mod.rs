//! Exports of frozen reports: PDF (typst, [`pdf`]), XLSX and CSV ([`table`]). Pure
//! functions of a report's content and its changes: no database, no HTTP. The JSON export
//! is the stored content itself and needs nothing here.
//!
//! The public variant is rendered from [`ReportContent::redacted_for_public`] and the
//! changes restricted to published measures ([`public_changes`]), so the renderers have a
//! single code path and cannot show what the projection removed.

pub mod format;
pub mod pdf;
pub mod table;
pub mod view;

use crate::domain::report::ReportContent;
use crate::domain::report_diff::{MeasureChanges, public_changes};
pub use view::{PreviousRef, Variant};

/// Renders the PDF of a report in `variant` (blocking: run it on a blocking thread).
/// `content` and `changes` are the internal ones; the public variant redacts them here.
pub fn render_pdf(
    report_id: i32,
    content: &ReportContent,
    content_hash: &str,
    variant: Variant,
    changes: &MeasureChanges,
    previous: Option<(&ReportContent, PreviousRef)>,
) -> Result<Vec<u8>, pdf::PdfError> {
    let previous_content = previous.as_ref().map(|(c, _)| *c);
    let previous_ref = previous.as_ref().map(|(_, r)| r);
    let view = match variant {
        Variant::Internal => view::build(content, content_hash, variant, changes, previous_ref),
        Variant::Public => view::build(
            &content.redacted_for_public(),
            content_hash,
            variant,
            &public_changes(changes, content, previous_content),
            previous_ref,
        ),
    };
    pdf::render(
        &view,
        &format!("kurs-report-{report_id}-{}", variant.as_str()),
        content.frozen_at,
    )
}
