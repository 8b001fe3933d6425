//! Where the index lives, resolved once in the CLI (library crates do not read the
//! environment): `--index DIR`, else `$VANBAN_INDEX`, else `$XDG_DATA_HOME/vanban/index`, else
//! `~/.local/share/vanban/index`, else `.vanban-index`.

use std::ffi::OsString;
use std::path::PathBuf;

/// The `--index DIR` option every index command flattens in.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct IndexArgs {
    /// Index directory (default: $VANBAN_INDEX, else $XDG_DATA_HOME/vanban/index, else
    /// ~/.local/share/vanban/index).
    #[arg(long = "index", value_name = "DIR")]
    pub index: Option<PathBuf>,
}

impl IndexArgs {
    /// The directory: the flag, else the default from the environment.
    pub fn dir(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(default_index_dir)
    }
}

/// The index directory used when no `--index` is given, from the environment.
pub fn default_index_dir() -> PathBuf {
    resolve(
        std::env::var_os("VANBAN_INDEX"),
        std::env::var_os("XDG_DATA_HOME"),
        std::env::var_os("HOME"),
    )
}

/// The rule of [`default_index_dir`] on given values (empty values count as unset; a
/// relative `XDG_DATA_HOME` is ignored, as the XDG spec says).
fn resolve(vanban: Option<OsString>, xdg: Option<OsString>, home: Option<OsString>) -> PathBuf {
    if let Some(p) = vanban.filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = xdg.filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            return p.join("vanban").join("index");
        }
    }
    if let Some(home) = home.filter(|p| !p.is_empty()) {
        return PathBuf::from(home).join(".local/share/vanban/index");
    }
    PathBuf::from(".vanban-index")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<OsString> {
        Some(OsString::from(v))
    }

    #[test]
    fn flag_then_environment_then_home() {
        assert_eq!(resolve(s("/i"), s("/x"), s("/h")), PathBuf::from("/i"));
        assert_eq!(
            resolve(s(""), s("/x"), s("/h")),
            PathBuf::from("/x/vanban/index")
        );
        assert_eq!(
            resolve(None, s("rel"), s("/h")),
            PathBuf::from("/h/.local/share/vanban/index")
        );
        assert_eq!(resolve(None, None, None), PathBuf::from(".vanban-index"));
        let flag = IndexArgs {
            index: Some("/flag".into()),
        };
        assert_eq!(flag.dir(), PathBuf::from("/flag"));
    }
}
