//! Loading the chain key named on the command line (the only place keys touch I/O).

use std::path::PathBuf;

use clap::Args;
use maestro_core::chain::{ChainKey, KeyMode};

/// Where the HMAC key comes from, as the reference bench's flags name it.
#[derive(Args, Debug, Clone)]
pub struct KeyArgs {
    /// `demo` (the reference's demo key), `file` (a key file's raw bytes) or `env`
    /// (an environment variable's value).
    #[arg(long, default_value = "demo", value_name = "demo|file|env")]
    pub key_mode: String,
    /// The key file, with `--key-mode file`.
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// The environment variable holding the key, with `--key-mode env`.
    #[arg(long, value_name = "VARIABLE")]
    pub key_env: Option<String>,
}

/// A loaded key: its mode name, id and bytes.
pub struct LoadedKey {
    /// `demo`, `file` or `env`.
    pub mode: &'static str,
    /// The key.
    pub key: ChainKey,
    /// Its bytes (for run specifications).
    pub bytes: Vec<u8>,
}

impl KeyArgs {
    /// Reads the key; the error is a message for the user.
    pub fn load(&self) -> Result<ChainKey, String> {
        self.load_full().map(|k| k.key)
    }

    /// Reads the key with its mode and bytes.
    pub fn load_full(&self) -> Result<LoadedKey, String> {
        match KeyMode::parse(&self.key_mode).map_err(|e| e.to_string())? {
            KeyMode::Demo => Ok(LoadedKey {
                mode: "demo",
                key: ChainKey::demo(),
                bytes: maestro_core::chain::DEMO_KEY.to_vec(),
            }),
            KeyMode::File => {
                let path =
                    self.key_file.as_ref().ok_or("`--key-mode file` needs `--key-file PATH`")?;
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("cannot read key file `{}`: {e}", path.display()))?;
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let key = ChainKey::from_file(&name, bytes.clone()).map_err(|e| e.to_string())?;
                Ok(LoadedKey { mode: "file", key, bytes })
            }
            KeyMode::Env => {
                let var =
                    self.key_env.as_deref().ok_or("`--key-mode env` needs `--key-env VARIABLE`")?;
                let value = std::env::var(var).map_err(|_| {
                    format!("environment variable `{var}` is not set or not valid UTF-8")
                })?;
                let key = ChainKey::from_env(var, &value).map_err(|e| e.to_string())?;
                Ok(LoadedKey { mode: "env", key, bytes: value.into_bytes() })
            }
        }
    }
}
