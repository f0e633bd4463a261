//! `engagekit completions SHELL` and `engagekit man`: shell completions
//! (clap_complete) and the man page (clap_mangen), both generated from the
//! command definitions, so they cannot fall behind them.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, CmdResult};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell: bash, zsh, fish, powershell (or elvish).
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {}

/// Prints the completion script for the shell to stdout.
pub(crate) fn execute(args: Args) -> CmdResult {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    clap_complete::generate(args.shell, &mut cmd, name, &mut std::io::stdout().lock());
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page (roff) to stdout: `engagekit man > engagekit.1`.
pub(crate) fn man(_: ManArgs) -> CmdResult {
    let page = man_page().map_err(|e| engagekit::Error::write("the man page", e))?;
    let _ = std::io::stdout().lock().write_all(&page);
    Ok(ExitCode::SUCCESS)
}

/// One page: the command and its options, then a SUBCOMMANDS section with
/// each subcommand's description, synopsis and options (nested ones too),
/// so `engagekit man > engagekit.1` is all a system needs to install.
fn man_page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    writeln!(out, ".SH SUBCOMMANDS")?;
    subcommands(&cmd, "engagekit", &mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

fn subcommands(cmd: &clap::Command, prefix: &str, out: &mut Vec<u8>) -> std::io::Result<()> {
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let name = format!("{prefix} {}", sub.get_name());
        writeln!(out, ".SS \"{name}\"")?;
        let page = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
        let mut part = Vec::new();
        page.render_description_section(&mut part)?;
        page.render_synopsis_section(&mut part)?;
        page.render_options_section(&mut part)?;
        // Paragraphs of this subsection, not sections of their own.
        for line in String::from_utf8_lossy(&part).lines() {
            match line.starts_with(".SH ") {
                true => writeln!(out, ".PP")?,
                false => writeln!(out, "{line}")?,
            }
        }
        subcommands(sub, &name, out)?;
    }
    Ok(())
}
