//! `engagekit batch merge`: the zips of `--shard 1/N` … `N/N` combined into
//! the one zip an unsharded run writes.
//!
//! Every batch zip carries `summary.json` (`summary-shard-I-of-N.json`), a
//! [`Manifest`]: the quarter, the shard, the summary rows and failures, each
//! with its [`OrderKey`], the engagement ids of the shard. The merge reads the
//! manifests, checks that they are the shards of one run (same quarter, same
//! count, every shard once, the same inputs, no engagement twice), sorts the
//! rows and failures back into the unsharded order, copies the reports raw
//! (no inflating, no recompressing) and writes the summaries over all of
//! them. With the same inputs, templates and `SOURCE_DATE_EPOCH`, the result
//! is byte-identical to the unsharded run's zip.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use super::failure::Failure;
use super::finish::write_summaries;
use super::manifest::{
    MANIFEST_FORMAT, Manifest, ManifestFailure, ManifestRow, OrderKey, ShardJson,
};
use super::report::{BatchReport, zip_name, zip_time};
use super::rows::SummaryRows;
use super::templates::BatchTemplates;
use super::totals::SummaryRow;
use crate::docx::write::{WriteOptions, ZipOut};
use crate::error::{Diagnostics, Error, Result};
use crate::fsx;
use crate::model::Quarter;

/// One shard zip, opened.
struct ShardZip {
    path: PathBuf,
    zip: ZipArchive<BufReader<File>>,
    manifest: Manifest,
}

fn merge_err(msg: impl std::fmt::Display) -> Error {
    Error::Merge {
        reason: msg.to_string(),
    }
}

fn open(path: &Path) -> Result<ShardZip> {
    let file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
        Error::read(
            format!("`{}`", path.display()),
            format_args!("not a zip: {e}"),
        )
    })?;
    let name = (0..zip.len())
        .filter_map(|i| Some(zip.name_for_index(i)?.ok()?.into_owned()))
        .find(|n| !n.contains('/') && n.starts_with("summary") && n.ends_with(".json"))
        .ok_or_else(|| {
            Error::read(
                format!("`{}`", path.display()),
                "it holds no `summary.json`: is it a zip written by `engagekit batch`?",
            )
        })?;
    let mut text = Vec::new();
    zip.by_name(&name)
        .map_err(|e| Error::read(format!("`{}`", path.display()), e))?
        .take(1 << 30)
        .read_to_end(&mut text)
        .map_err(|e| Error::io("read", path, e))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| Error::read(format!("`{name}` in `{}`", path.display()), e))?;
    if manifest.format != MANIFEST_FORMAT {
        return Err(Error::read(
            format!("`{name}` in `{}`", path.display()),
            format_args!(
                "manifest format {}; this engagekit reads format {MANIFEST_FORMAT}",
                manifest.format
            ),
        ));
    }
    Ok(ShardZip {
        path: path.to_path_buf(),
        zip,
        manifest,
    })
}

fn shard_of(z: &ShardZip) -> ShardJson {
    z.manifest.shard.unwrap_or(ShardJson { index: 1, count: 1 })
}

/// Checks that the zips are every shard of one run, once; returns them in shard order.
fn check(mut zips: Vec<ShardZip>) -> Result<(Quarter, Vec<ShardZip>)> {
    let Some(first) = zips.first() else {
        return Err(merge_err("no shard zips given"));
    };
    let quarter: Quarter = first
        .manifest
        .quarter
        .parse()
        .map_err(|e| Error::read(format!("the quarter of `{}`", first.path.display()), e))?;
    let count = shard_of(first).count;
    for z in &zips[1..] {
        if z.manifest.quarter != first.manifest.quarter {
            return Err(merge_err(format!(
                "`{}` is {}, `{}` is {}; merge the shards of one quarter",
                first.path.display(),
                first.manifest.quarter,
                z.path.display(),
                z.manifest.quarter
            )));
        }
        let s = shard_of(z);
        if s.count != count {
            return Err(merge_err(format!(
                "`{}` is shard {}/{count}, `{}` is shard {}/{}; merge the shards of one run",
                first.path.display(),
                shard_of(first).index,
                z.path.display(),
                s.index,
                s.count
            )));
        }
    }
    zips.sort_by_key(|z| shard_of(z).index);
    for w in zips.windows(2) {
        if shard_of(&w[0]).index == shard_of(&w[1]).index {
            return Err(merge_err(format!(
                "`{}` and `{}` are both shard {}/{count}",
                w[0].path.display(),
                w[1].path.display(),
                shard_of(&w[0]).index
            )));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| !zips.iter().any(|z| shard_of(z).index == *i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(merge_err(format!(
            "shard {} missing; a merge needs all {count}",
            if missing.len() == 1 {
                format!("{} is", missing[0])
            } else {
                format!("{} are", missing.join(", "))
            }
        )));
    }
    // Every shard reads every input: the file count and the failures of
    // the inputs themselves must agree, else the shards read different inputs.
    let inputs = |z: &ShardZip| -> Vec<Failure> {
        z.manifest
            .failures
            .iter()
            .filter(|f| f.key[0] == 0)
            .map(|f| f.failure.clone())
            .collect()
    };
    let first = &zips[0];
    for z in &zips[1..] {
        if z.manifest.files != first.manifest.files || inputs(z) != inputs(first) {
            return Err(merge_err(format!(
                "`{}` read {}, `{}` {}, or their inputs differ; run every shard with the same inputs from the same folder",
                first.path.display(),
                crate::error::count(first.manifest.files, "input file"),
                z.path.display(),
                z.manifest.files
            )));
        }
    }
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for z in &zips {
        for id in &z.manifest.engagement_ids {
            if let Some(other) = seen.insert(id, &z.path) {
                return Err(merge_err(format!(
                    "engagement `{id}` is in both `{}` and `{}`",
                    other.display(),
                    z.path.display()
                )));
            }
        }
    }
    Ok((quarter, zips))
}

/// Merges the zips of every shard of one batch run (`--shard 1/N` … `N/N`)
/// into `out/<quarter>-ensure-reports.zip` (or `out` itself when it names a
/// `.zip`; a file there that is not an earlier export is replaced only with
/// `force`), with one `summary.xlsx`,
/// `portfolio-summary.docx` and `summary.json` over all of them (rendered
/// with `templates`, as the batch itself does). Fails, writing nothing, when
/// the zips are not exactly the shards of one run.
pub fn merge(
    shard_zips: &[PathBuf],
    out: &Path,
    templates: &BatchTemplates,
    source_date_epoch: Option<i64>,
    force: bool,
) -> Result<BatchReport> {
    let zips = shard_zips
        .iter()
        .map(|p| open(p))
        .collect::<Result<Vec<_>>>()?;
    let (quarter, mut zips) = check(zips)?;

    // Rows and failures back in the unsharded order.
    let mut rows: Vec<(usize, ManifestRow)> = Vec::new();
    let mut failures: Vec<ManifestFailure> = zips[0]
        .manifest
        .failures
        .iter()
        .filter(|f| f.key[0] == 0)
        .cloned()
        .collect();
    let mut other: Vec<ManifestFailure> = Vec::new();
    let mut engagements = 0;
    let mut ids = Vec::new();
    for (i, z) in zips.iter_mut().enumerate() {
        let m = &mut z.manifest;
        engagements += m.engagements;
        ids.append(&mut m.engagement_ids);
        rows.extend(m.rows.drain(..).map(|r| (i, r)));
        other.extend(m.failures.drain(..).filter(|f| f.key[0] != 0));
    }
    rows.sort_by_key(|(_, r)| r.key);
    other.sort_by_key(|f| f.key);
    failures.append(&mut other);
    ids.sort_unstable();

    let zip_path = crate::bundle::zip_target(out, &zip_name(quarter, None))?;
    fsx::check_replace(&zip_path, force, crate::bundle::zip_holds("summary.json"))?;
    let failure_keys: Vec<OrderKey> = failures.iter().map(|f| f.key).collect();
    let mut report = BatchReport {
        zip_path: zip_path.clone(),
        quarter,
        shard: None,
        files: zips[0].manifest.files,
        engagements,
        totals: Default::default(),
        failures: failures.into_iter().map(|f| f.failure).collect(),
        warnings: Diagnostics::new(),
        ensure_quarters: Default::default(),
    };
    let mut summary_rows = SummaryRows::new()?;
    fsx::write_atomic(&zip_path, |w| {
        let mut out = ZipOut::new(
            w,
            WriteOptions {
                modified: zip_time(source_date_epoch, quarter),
                ..WriteOptions::default()
            },
        )
        .with_target(&zip_path);
        let mut names = HashSet::new();
        for (i, r) in rows {
            let z = &mut zips[i];
            let name = fsx::unique_name(&r.base_name, &mut names);
            copy_entry(z, &r.row.report, &name, &mut out)?;
            // A shard made with `--pdf` holds each report's PDF beside it.
            let pdf = crate::pdf::pdf_name(&r.row.report);
            if z.zip.index_for_name(&pdf).is_some() {
                copy_entry(z, &pdf, &crate::pdf::pdf_name(&name), &mut out)?;
            }
            let row = SummaryRow {
                report: name,
                ..r.row
            };
            summary_rows.push(r.key, &r.base_name, &row)?;
        }
        write_summaries(
            &mut out,
            templates,
            &report,
            &mut summary_rows,
            &failure_keys,
            &ids,
        )?;
        out.finish().map(|_| ())
    })?;
    report.totals = summary_rows.into_totals();
    Ok(report)
}

/// Copies entry `from` of a shard zip as `to`: raw (still compressed) when
/// the name stays, else read and written again the way it was stored.
fn copy_entry(
    z: &mut ShardZip,
    from: &str,
    to: &str,
    out: &mut ZipOut<impl std::io::Write + std::io::Seek>,
) -> Result<()> {
    let missing = || {
        Error::read(
            format!("`{from}` in `{}`", z.path.display()),
            "its summary.json lists it, the zip does not hold it",
        )
    };
    let index = z.zip.index_for_name(from).ok_or_else(missing)?;
    let zip_err =
        |e: zip::result::ZipError| Error::read(format!("`{from}` in `{}`", z.path.display()), e);
    if from == to {
        let file = z.zip.by_index_raw(index).map_err(zip_err)?;
        return out.raw_copy(file);
    }
    let mut file = z.zip.by_index(index).map_err(zip_err)?;
    let stored = file.compression() == zip::CompressionMethod::Stored;
    let mut bytes = Vec::with_capacity(file.size().min(1 << 26) as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", &z.path, e))?;
    if stored {
        out.add_stored(to, &bytes)
    } else {
        out.add(to, &bytes)
    }
}
