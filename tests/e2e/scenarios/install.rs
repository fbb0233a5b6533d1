//! The install path users take in production: `scripts/package.sh` builds the registry
//! artifacts (zip, SHA256SUMS, its detached GPG signature, the registry manifest) and a
//! filesystem mirror; `terraform init` installs the provider from the mirror with a normal
//! version constraint, and no `dev_overrides`, then applies and plans clean. The signature is
//! made with a throwaway key that `gpg` (Debian's gnupg) generates for this run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::Scenario;
use crate::Ctx;
use crate::harness::{provider_binary, repo};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[(
    "installs_from_a_filesystem_mirror_with_a_version_constraint",
    installs_from_a_filesystem_mirror_with_a_version_constraint,
)];

/// What one packaging made.
#[derive(Debug)]
struct Packaged {
    out: PathBuf,
    version: String,
    /// The package's `h1:` hash (Go's dirhash of the unpacked zip: one binary).
    h1: String,
}

fn sha256_hex(input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write to sha256sum");
    let out = child.wait_with_output().expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("a sum")
        .to_owned()
}

/// `h1:` of a package holding one file: base64 of the SHA-256 of the line
/// "<sha256 of the file>  <name>\n" (dirhash.Hash1).
fn h1_of_one_file(contents: &[u8], name: &str) -> String {
    use base64::Engine as _;
    let line = format!("{}  {name}\n", sha256_hex(contents));
    let hex = sha256_hex(line.as_bytes());
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run a command");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A throwaway signing key in a keyring of its own: (GNUPGHOME, fingerprint).
fn throwaway_key() -> (PathBuf, String) {
    let home = std::env::temp_dir().join(format!("apigw-gpg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("GNUPGHOME");
    std::fs::set_permissions(&home, std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .expect("chmod GNUPGHOME");
    let gpg = || {
        let mut c = Command::new("gpg");
        c.env("GNUPGHOME", &home).arg("--batch");
        c
    };
    run(gpg().args([
        "--passphrase",
        "",
        "--quick-gen-key",
        "terraform-provider-apigateway e2e <e2e@example.invalid>",
        "ed25519",
        "sign",
        "1d",
    ]));
    let listing = run(gpg().args(["--with-colons", "--list-secret-keys"]));
    let fingerprint = listing
        .lines()
        .find_map(|l| l.strip_prefix("fpr:"))
        .and_then(|l| l.split(':').find(|f| !f.is_empty()))
        .expect("the new key's fingerprint")
        .to_owned();
    (home, fingerprint)
}

/// Packages the provider once per test process (its debug build, signed).
fn packaged() -> &'static Packaged {
    static PACKAGED: OnceLock<Packaged> = OnceLock::new();
    PACKAGED.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("apigw-package-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let (gnupg, fingerprint) = throwaway_key();
        let printed = run(Command::new(repo().join("scripts/package.sh"))
            .arg(&out)
            .env("PROVIDER_BINARY", provider_binary())
            .env("GNUPGHOME", &gnupg)
            .env("GPG_FINGERPRINT", &fingerprint));
        assert_eq!(printed.trim(), out.display().to_string());
        let version = env!("CARGO_PKG_VERSION").to_owned();
        let base = format!("terraform-provider-apigateway_{version}");
        let zip = format!("{base}_linux_amd64.zip");
        let sums = format!("{base}_SHA256SUMS");

        // The sums hold and cover the zip and the manifest; the signature is good.
        let listed = std::fs::read_to_string(out.join(&sums)).expect("SHA256SUMS");
        assert!(listed.contains(&zip), "{listed}");
        assert!(
            listed.contains(&format!("{base}_manifest.json")),
            "{listed}"
        );
        run(Command::new("sha256sum")
            .arg("-c")
            .arg(&sums)
            .current_dir(&out));
        run(Command::new("gpg")
            .env("GNUPGHOME", &gnupg)
            .args(["--batch", "--verify"])
            .arg(out.join(format!("{sums}.sig")))
            .arg(out.join(&sums)));
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", &gnupg)
            .args(["--kill", "gpg-agent"])
            .status();
        let _ = std::fs::remove_dir_all(&gnupg);

        // The manifest names plugin protocol 6.0; the zip holds the binary by its fixed name.
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("terraform-registry-manifest.json"))
                .expect("manifest"),
        )
        .expect("manifest JSON");
        assert_eq!(
            manifest["metadata"]["protocol_versions"],
            serde_json::json!(["6.0"])
        );
        let contents = run(Command::new("unzip").arg("-l").arg(out.join(&zip)));
        assert!(
            contents.contains("terraform-provider-apigateway\n"),
            "{contents}"
        );
        assert!(
            out.join("mirror/registry.terraform.io/seed/apigateway")
                .join(&zip)
                .is_file(),
            "the filesystem mirror holds the zip"
        );
        let binary = std::fs::read(provider_binary()).expect("the provider binary");
        let h1 = h1_of_one_file(&binary, "terraform-provider-apigateway");

        // Without a key the script packages but says it does not sign.
        let unsigned = out.join("unsigned");
        let r = Command::new(repo().join("scripts/package.sh"))
            .arg(&unsigned)
            .env("PROVIDER_BINARY", provider_binary())
            .env_remove("GPG_FINGERPRINT")
            .output()
            .expect("package.sh");
        assert!(r.status.success());
        assert!(String::from_utf8_lossy(&r.stderr).contains("not signing"));
        assert!(!unsigned.join(format!("{sums}.sig")).exists());

        Packaged { out, version, h1 }
    })
}

fn cli_config(dir: &Path, mirror: &Path) {
    std::fs::write(
        dir.join("cli.tfrc"),
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/seed/apigateway\"]\n  }}\n}}\n",
            mirror.display()
        ),
    )
    .expect("write cli config");
}

/// Package, `terraform init` from the mirror (lock file with the package's hashes), apply,
/// plan clean, destroy: on every Terraform version, with no dev_overrides.
fn installs_from_a_filesystem_mirror_with_a_version_constraint(ctx: &Ctx) {
    let p = packaged();
    let wd = ctx.workdir("mirror-install");
    cli_config(&wd.dir, &p.out.join("mirror"));
    let name = ctx.name("mirror");
    std::fs::write(
        wd.dir.join("main.tf"),
        format!(
            r#"terraform {{
  required_providers {{
    apigateway = {{
      source  = "seed/apigateway"
      version = "~> {}"
    }}
  }}
}}

provider "apigateway" {{
  region     = "us-east-1"
  endpoint   = "{}"
  access_key = "test"
  secret_key = "test"
}}

resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}
"#,
            p.version, ctx.endpoint
        ),
    )
    .expect("write main.tf");

    let init = wd.ok(&["init", "-input=false"]);
    assert!(
        init.stdout
            .contains(&format!("Installed seed/apigateway v{}", p.version)),
        "{}",
        init.stdout
    );
    let lock = std::fs::read_to_string(wd.dir.join(".terraform.lock.hcl")).expect("lock file");
    assert!(
        lock.contains("provider \"registry.terraform.io/seed/apigateway\""),
        "{lock}"
    );
    assert!(
        lock.contains(&format!("version     = \"{}\"", p.version)),
        "{lock}"
    );
    // A filesystem mirror gives Terraform the package only (no signed sums), so it records
    // the package's `h1:` hash: the hash of its unpacked files, as Go's dirhash computes it.
    assert!(
        lock.contains(&format!("\"{}\"", p.h1)),
        "the lock file records the package's h1 hash {}: {lock}",
        p.h1
    );

    wd.apply();
    let id = wd.attr_str("apigateway_rest_api.api", "id");
    let got = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(&id).send())
        .unwrap();
    assert_eq!(got.name(), Some(name.as_str()));
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}
