//! `engagekit render TEMPLATE DATA... -o OUT`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use engagekit::Error;
use engagekit::render::merge::{self, Each, EachOptions, Namer, Target};
use engagekit::render::{CompiledTemplate, RenderOptions};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The Word template (.docx) with Jinja tags.
    template: PathBuf,
    /// Data files (YAML, JSON or Excel); several render one document each.
    #[arg(required = true)]
    data: Vec<PathBuf>,
    /// Output file (.docx, or .pdf through LibreOffice), or a folder for several documents.
    #[arg(short, long)]
    output: PathBuf,
    /// One document per item of a list: alone, the data's top-level list (or
    /// its YAML documents); or a path such as `goals` or `iterations.1.commit.goals`.
    #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "LIST")]
    each: Option<String>,
    /// File name pattern for several documents, e.g. '{{ customer.name }}.docx' (or .pdf).
    #[arg(long, value_name = "PATTERN")]
    name: Option<String>,
    /// Print undefined variables as empty instead of failing.
    #[arg(long)]
    lenient: bool,
    /// Replace output files that exist already (never the template or a data file).
    #[arg(long)]
    force: bool,
    /// Seconds one document may take (e.g. `60`, `0.5`; `0`: no limit); a
    /// slower one fails and the others go on.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = engagekit::render::limits::parse_seconds)]
    timeout: std::time::Duration,
    /// Locale of the date/money/percent/number filters (en, de); default: the data's `locale`, else en.
    #[arg(long, value_parser = super::locale)]
    locale: Option<String>,
    /// Number of documents rendered at once (default: number of cores).
    #[arg(short, long)]
    jobs: Option<usize>,
}

pub(crate) fn execute(args: Args) -> CmdResult {
    if let Some(jobs) = args.jobs {
        // Only fails when a pool already exists, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let locale_given = args.locale.is_some();
    let each = args.each.map(|e| match e.is_empty() {
        true => Each::TopLevel,
        false => Each::Path(e),
    });
    let many = each.is_some() || args.data.len() > 1;
    let to_dir = many || args.output.is_dir() || args.output.to_string_lossy().ends_with('/');
    // A wrong output name is an `Error::Usage`: exit 2, before any work.
    check_output(&args.output, to_dir)?;
    if !to_dir {
        refuse_an_input(&args.output, &args.template, &args.data)?;
    }
    let options = RenderOptions {
        lenient: args.lenient,
        locale: args.locale,
    };
    let (mut template, problems) = CompiledTemplate::open_partial(&args.template, options)?;
    template.set_undefined_hint("or render with `--lenient` to print undefined values as empty");
    if problems.has_errors() {
        // The template's own errors, and those the first record shows: all
        // of a template's errors in one run.
        let first = merge::file_records(&args.data, each.clone()).next();
        return Err(Error::Invalid(template.all_problems(problems, first)));
    }
    let target = match to_dir {
        true => Target::Folder(Box::new(Namer::new(&args.output, args.name.as_deref())?)),
        false => Target::File(args.output.clone()),
    };

    let mut failed = 0usize;
    let mut total = 0usize;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let records =
        merge::file_records_for(&args.data, each, &template, args.name.as_deref()).map(|record| {
            let record = record?;
            if !locale_given {
                // The data's own `locale` (the whole data's under a list's item).
                let data = record.base.as_deref().unwrap_or(&record.context);
                super::check_data_locale(&record.source, data)?;
            }
            Ok(record)
        });
    // Documents (records that got a path) and their failures; a data file
    // that cannot be read is a failure of its own.
    let mut unread = 0usize;
    let options = EachOptions {
        force: args.force,
        timeout: (!args.timeout.is_zero()).then_some(args.timeout),
    };
    merge::render_each(
        &template,
        records,
        target,
        options,
        Some(&convert_pdf),
        |outcome| {
            total += usize::from(outcome.path.is_some());
            match (outcome.result, outcome.path) {
                (Ok(warnings), Some(path)) => {
                    print::diagnostics(&warnings);
                    // stdout holds the written paths and nothing else.
                    let _ = writeln!(out, "{}", path.display());
                }
                (Ok(_), None) => {}
                (Err(err), path) => {
                    match path {
                        Some(_) => failed += 1,
                        None => unread += 1,
                    }
                    print::error(&err);
                }
            }
        },
    );
    if failed + unread > 0 {
        if many && failed > 0 {
            print::note(
                Some("error"),
                &format!("{failed} of {} failed", print::count(total, "document")),
            );
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `-o` naming the template or a data file would destroy what the document
/// is made from: refused even with `--force`.
fn refuse_an_input(output: &Path, template: &Path, data: &[PathBuf]) -> Result<(), Error> {
    let same = |input: &Path| match (output.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    match std::iter::once(template)
        .chain(data.iter().map(PathBuf::as_path))
        .find(|p| same(p))
    {
        Some(input) => Err(Error::Usage(format!(
            "`-o {}` is an input of this render ({}); write the document elsewhere",
            output.display(),
            input.display()
        ))),
        None => Ok(()),
    }
}

/// An output name's extension says what is written: `.docx`, or `.pdf`
/// (which needs LibreOffice); a folder for several documents.
fn check_output(output: &Path, to_dir: bool) -> Result<(), Error> {
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if to_dir {
        if !output.is_dir() && matches!(ext.as_deref(), Some("docx" | "pdf")) {
            return Err(Error::Usage(format!(
                "`{}` names a file, but several documents are rendered: give a folder for `-o` (and `--name '{{{{ ... }}}}.{}'` to name the files)",
                output.display(),
                ext.unwrap_or_default()
            )));
        }
        return Ok(());
    }
    match ext.as_deref() {
        Some("docx") => Ok(()),
        Some("pdf") => match engagekit::pdf::soffice() {
            Some(_) => Ok(()),
            None => Err(Error::Usage(format!(
                "cannot write `{}`: a PDF is made with LibreOffice, which is not installed (`soffice` not found; `{}` may name it); install it, or write a .docx",
                output.display(),
                engagekit::pdf::SOFFICE_ENV
            ))),
        },
        _ => Err(Error::Usage(format!(
            "cannot write `{}`: `render` writes a .docx, or a .pdf through LibreOffice; give `-o` one of those extensions, or a folder ending in `/` for several documents",
            output.display()
        ))),
    }
}

/// `.pdf` documents go through LibreOffice; its absence is told in `render`'s terms.
fn convert_pdf(docs: &[(String, Vec<u8>)]) -> Result<Vec<Vec<u8>>, Error> {
    engagekit::pdf::convert_docx(docs).map_err(|e| match e {
        Error::NoLibreOffice { looked } => Error::Usage(format!(
            "failed to write a PDF (LibreOffice is not installed: {looked}); install it, or name the documents .docx"
        )),
        e => e,
    })
}
