//! `maestro run SCENARIO`: one run's log as JSON Lines (header, rows, digest), the same bytes
//! the web app downloads for the same specification.

use std::io::Write;

use clap::Args;
use maestro_core::face::ScenarioRun;
use maestro_core::scenarios::emergency::knobs::{Choice, Knobs};
use maestro_core::scenarios::emergency::run::{EmergencyRun, KeySpec, RunSpec};

use crate::Outcome;
use crate::emergency::{apply_knobs, rng_kind, seed};
use crate::key::KeyArgs;

/// One run of a scenario.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The scenario (`maestro scenarios` lists them).
    scenario: String,
    /// Seed of the generator.
    #[arg(long, default_value = "0", allow_negative_numbers = true)]
    seed: i128,
    /// The generator.
    #[arg(long, default_value = "chacha", value_name = "chacha|cpython-mt|sha256-counter")]
    rng: String,
    /// A scenario knob, `NAME=VALUE` (repeatable).
    #[arg(long = "knob", value_name = "NAME=VALUE")]
    knobs: Vec<String>,
    /// The HITL script: choices in the order their points are reached, comma-separated
    /// (`auth:approve,finalize:stop`).
    #[arg(long, value_delimiter = ',', value_name = "CHOICES")]
    choices: Vec<String>,
    /// When the script runs out: `approve` everything (the reference bench; in other scenarios,
    /// the first answer of every decision), or `wait` at the next decision (as the web app does).
    #[arg(long, default_value = "approve", value_name = "approve|wait")]
    then: String,
    /// Print the run's share link (`?v=1&...`, with the choices made) instead of its log.
    #[arg(long)]
    link: bool,
    #[command(flatten)]
    key: KeyArgs,
}

impl RunArgs {
    /// The scenario asked for.
    pub fn scenario(&self) -> &str {
        &self.scenario
    }
}

/// Builds the run specification from the flags.
pub fn spec(a: &RunArgs) -> Result<RunSpec, String> {
    maestro_core::scenario::find(&a.scenario).map_err(|e| e.to_string())?;
    let mut knobs = Knobs::default();
    apply_knobs(&mut knobs, &a.knobs)?;
    let choices = a
        .choices
        .iter()
        .map(|c| Choice::parse(c.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let key = a.key.load_full()?;
    let key = match key.mode {
        "demo" => KeySpec::Demo,
        _ => KeySpec::User { key_id: key.key.key_id().to_string(), secret: key.bytes },
    };
    Ok(RunSpec {
        seed: seed(Some(a.seed))?.unwrap_or(0),
        rng: rng_kind(&a.rng)?,
        knobs,
        choices,
        key,
    })
}

/// Runs a scenario other than the emergency family through the registry: the script first,
/// then (with `--then approve`) the first answer of every further decision.
fn run_registered(a: &RunArgs, wait: bool, out: &mut impl Write) -> Outcome {
    let (info, req) = match request(a) {
        Ok(found) => found,
        Err(e) => return Outcome::Unusable(e),
    };
    let mut run = match (info.open)(&req) {
        Ok(run) => run,
        Err(e) => return Outcome::Unusable(e.to_string()),
    };
    drive(&mut *run, wait);
    print(&*run, info.id, a.link, out)
}

/// The scenario and run request the flags ask for (scenarios other than the emergency family).
pub fn request(
    a: &RunArgs,
) -> Result<(&'static maestro_core::scenario::ScenarioInfo, maestro_core::face::RunRequest), String>
{
    let info = maestro_core::scenario::find(&a.scenario).map_err(|e| e.to_string())?;
    if !a.key.key_mode.trim().eq_ignore_ascii_case("demo") {
        return Err(format!(
            "`{}` logs are signed with the demo key; other key modes are for emergency-contract",
            a.scenario
        ));
    }
    let mut knobs = Vec::new();
    for k in &a.knobs {
        match k.split_once('=') {
            Some((name, value)) => knobs.push((name.trim().to_string(), value.trim().to_string())),
            None => return Err(format!("`--knob {k}` must be NAME=VALUE")),
        }
    }
    let seed = seed(Some(a.seed))?.unwrap_or(0);
    let rng = rng_kind(&a.rng)?;
    let choices = a.choices.iter().map(|c| c.trim().to_string()).collect();
    Ok((info, maestro_core::face::RunRequest { seed, rng, knobs, choices }))
}

/// Runs the script, then (unless `wait`) the first answer of every further decision.
pub fn drive(run: &mut dyn ScenarioRun, wait: bool) {
    loop {
        match run.advance() {
            maestro_core::face::Advance::Row => {}
            maestro_core::face::Advance::Ended => break,
            maestro_core::face::Advance::Hitl if wait => break,
            maestro_core::face::Advance::Hitl => {
                let first = run.pending().and_then(|p| p.options.first().map(|o| o.token));
                match first.map(|t| run.resolve(t)) {
                    Some(Ok(())) => {}
                    _ => break,
                }
            }
        }
    }
}

/// Prints the run's share link (with `--link`) or its log.
fn print(run: &dyn ScenarioRun, scenario: &str, link: bool, out: &mut impl Write) -> Outcome {
    let text = if link {
        Ok(format!("?{}\n", maestro_core::link::encode_request(scenario, &run.request())))
    } else {
        run.to_jsonl()
    };
    match text {
        Ok(text) => match out.write_all(text.as_bytes()) {
            Ok(()) => Outcome::Ok,
            Err(e) => Outcome::Unusable(format!("cannot write to standard output: {e}")),
        },
        Err(e) => Outcome::Unusable(e.to_string()),
    }
}

/// Runs and prints the log.
pub fn run(a: &RunArgs, out: &mut impl Write) -> Outcome {
    let wait = match a.then.as_str() {
        "approve" => false,
        "wait" => true,
        other => {
            return Outcome::Unusable(format!(
                "`--then` must be `approve` or `wait`, not `{other}`"
            ));
        }
    };
    if a.scenario != maestro_core::scenarios::emergency::emergency_contract::SCENARIO.id {
        return run_registered(a, wait, out);
    }
    let spec = match spec(a) {
        Ok(s) => s,
        Err(msg) => return Outcome::Unusable(msg),
    };
    // The contract is opened typed, for the key of the user's choice; it steps as every
    // scenario does.
    let mut run = EmergencyRun::new(spec);
    drive(&mut run, wait);
    print(&run, &a.scenario, a.link, out)
}
