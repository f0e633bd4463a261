//! `engagekit render TEMPLATE DATA... -o OUT`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engagekit::load;
use engagekit::render::merge::{self, Each};
use engagekit::render::{CompiledTemplate, RenderOptions};

use super::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The Word template (.docx) with Jinja tags.
    template: PathBuf,
    /// Data files (YAML, JSON or Excel); several render one document each.
    #[arg(required = true)]
    data: Vec<PathBuf>,
    /// Output .docx file, or a folder for several documents.
    #[arg(short, long)]
    output: PathBuf,
    /// One document per item of a list: alone, the data's top-level list; or a path such as `goals`.
    #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "LIST")]
    each: Option<String>,
    /// File name pattern for several documents, e.g. '{{ customer.name }}.docx'.
    #[arg(long, value_name = "PATTERN")]
    name: Option<String>,
    /// Print undefined variables as empty instead of failing.
    #[arg(long)]
    lenient: bool,
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
    let options = RenderOptions {
        lenient: args.lenient,
        locale: args.locale,
    };
    let template = CompiledTemplate::open(&args.template, options)?;
    let each = args.each.map(|e| {
        if e.is_empty() {
            Each::TopLevel
        } else {
            Each::Path(e)
        }
    });

    let mut records = Vec::new();
    for path in &args.data {
        let data = load::load_data(path)?;
        if !locale_given {
            super::check_data_locale(path, &data)?;
        }
        records.extend(merge::records(path, data, each.as_ref())?);
    }

    let many = records.len() > 1 || each.is_some() || args.data.len() > 1;
    let to_dir = many || args.output.is_dir() || args.output.to_string_lossy().ends_with('/');
    let paths = if to_dir {
        merge::output_paths(&records, &args.output, args.name.as_deref())?
    } else {
        vec![args.output.clone()]
    };

    let outcomes = merge::render_all(&template, &records, &paths);
    let mut failed = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for outcome in outcomes {
        match outcome.result {
            Ok(warnings) => {
                print::diagnostics(&warnings);
                let _ = writeln!(out, "{}", outcome.path.display());
            }
            Err(err) => {
                failed += 1;
                print::error(&err);
            }
        }
    }
    if failed > 0 {
        if many {
            print::note(
                Some("error"),
                &format!("{failed} of {} documents failed", paths.len()),
            );
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
