//! PDF rendering with typst as a library: a minimal [`World`] with one template
//! (`templates/report.typ`, compiled into the binary), one data file (`/data.json`) and
//! typst's embedded fonts. Nothing is read from disk or the network.
//!
//! **Deterministic.** The PDF's date is the freeze time, the PDF identifier is derived from the report id and variant, and `today()` is
//! fixed too, so one report always renders to the same bytes.
//!
//! **Accessible.** The output is a tagged PDF conforming to PDF/UA-1 (document language
//! `de`, title, alternative texts for the two charts, table headers); should the standard's
//! checks refuse a document, it is rendered as a plain tagged PDF instead and a warning is
//! logged.
//!
//! Rendering is CPU-bound (tens to hundreds of milliseconds): callers run it on a blocking
//! thread (`web::block`) and cache the bytes.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::view::PdfView;

/// The report template.
const TEMPLATE: &str = include_str!("templates/report.typ");

/// The library and fonts are the same for every rendering: loaded once.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(path: &str) -> FileId {
    // The paths are constants; a failure would be a programming error caught by the tests.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| panic!("invalid virtual path {path}"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Why a PDF could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the report data cannot be serialized: {0}")]
    Data(#[from] serde_json::Error),
    #[error("the report template failed: {0}")]
    Typst(String),
}

fn describe(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            format!("{} {}", d.message, hints.join("; "))
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Renders the report PDF. `ident` identifies the document stably (e.g.
/// `kurs-report-7-public`); `frozen_at` becomes the PDF's date (in town-hall time with its
/// UTC offset) and typst's `today`.
pub fn render(
    view: &PdfView,
    ident: &str,
    frozen_at: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, PdfError> {
    use chrono::{Datelike, Timelike};
    let data = serde_json::to_vec(view)?;
    let local = super::format::town_hall_time(frozen_at);
    let offset_minutes = i32::try_from((local - frozen_at.naive_utc()).num_minutes()).unwrap_or(0);
    let invalid = || PdfError::Typst("invalid freeze time".into());
    let part = |v: u32| u8::try_from(v).map_err(|_| invalid());
    let today = Datetime::from_ymd(local.year(), part(local.month())?, part(local.day())?)
        .ok_or_else(invalid)?;
    let moment = Datetime::from_ymd_hms(
        local.year(),
        part(local.month())?,
        part(local.day())?,
        part(local.hour())?,
        part(local.minute())?,
        part(local.second())?,
    )
    .ok_or_else(invalid)?;
    let timestamp = Timestamp::new_local(moment, offset_minutes).ok_or_else(invalid)?;
    let world = ReportWorld {
        main: Source::new(file_id("/report.typ"), TEMPLATE.to_owned()),
        data_id: file_id("/data.json"),
        data: Bytes::new(data),
        today,
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| PdfError::Typst(describe(&errors)))?;
    let options = |standards: PdfStandards| PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some("Kurs".to_owned())),
        timestamp: Some(timestamp),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let accessible =
        PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| PdfError::Typst(format!("{e:?}")))?;
    match typst_pdf::pdf(&document, &options(accessible)) {
        Ok(bytes) => Ok(bytes),
        Err(errors) => {
            tracing::warn!(
                problems = %describe(&errors),
                "the report does not pass the PDF/UA-1 checks; rendering a tagged PDF instead"
            );
            typst_pdf::pdf(&document, &options(PdfStandards::default()))
                .map_err(|errors| PdfError::Typst(describe(&errors)))
        }
    }
}
