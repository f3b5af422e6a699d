//! The arguments of `concord token` and `concord user`: API tokens and accounts.

use clap::{Subcommand, ValueEnum};

/// Token actions.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create a token and print it, alone, on standard output (it is shown only once). With
    /// --user it belongs to that account: it acts with the account's roles at each request,
    /// narrowed to --scope, and stops working when the account is disabled. Without --user it
    /// carries the --role roles itself.
    Create {
        /// A name for the token, unique per account (stored as USERNAME:NAME) or, without
        /// --user, unique on the server.
        #[arg(required_unless_present = "name_flag", value_name = "NAME")]
        name: Option<String>,
        /// The same as NAME (the form of earlier versions).
        #[arg(long = "name", hide = true, conflicts_with = "name")]
        name_flag: Option<String>,
        /// The account the token belongs to.
        #[arg(long, requires = "scope")]
        user: Option<String>,
        /// What the account's token may do: read, write (records) or admin. Refused when above
        /// what the account's roles allow (admin needs the admin role; a role-less account only
        /// reads).
        #[arg(long, value_enum, requires = "user")]
        scope: Option<ScopeArg>,
        /// Without --user: role the token carries (member, approver, admin, or
        /// steward:ORGANISATION-ID). Repeatable.
        #[arg(
            long = "role",
            required_unless_present = "user",
            conflicts_with = "user"
        )]
        roles: Vec<String>,
        /// Days until it expires [default: never].
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by name.
    Revoke {
        /// The token's name.
        name: String,
    },
}

/// The scope of an account's token.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScopeArg {
    /// Reads only.
    Read,
    /// Reads and writes records.
    Write,
    /// Everything the account's roles allow, administration included.
    Admin,
}

impl From<ScopeArg> for concord_domain::Scope {
    fn from(scope: ScopeArg) -> Self {
        match scope {
            ScopeArg::Read => Self::Read,
            ScopeArg::Write => Self::Write,
            ScopeArg::Admin => Self::Admin,
        }
    }
}

/// User actions.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create an account. Without --password-stdin it has no password: its owner logs in with
    /// their Wikimedia account, or gets a password with `concord user password`.
    Add {
        /// The username: letters, digits, spaces, `.`, `-` or `_`; unique without regard to case.
        username: String,
        /// The name shown beside their edits.
        #[arg(long)]
        display_name: String,
        /// Where to reach them.
        #[arg(long)]
        email: Option<String>,
        /// Role: member, approver, admin, or steward:ORGANISATION-ID. Repeatable [default: member].
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Read the password from the first line of standard input (at least 10 characters).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set an account's password, read from the first line of standard input.
    Password {
        /// The account.
        username: String,
        /// Read the password from standard input (the only way; required).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List accounts: username, display name, roles, password or not, Wikimedia link, state.
    List,
    /// Grant or revoke a role.
    Role {
        /// The account.
        username: String,
        /// Grant or revoke.
        #[arg(value_enum)]
        change: RoleChange,
        /// member, approver, admin, or steward:ORGANISATION-ID.
        role: String,
    },
    /// Disable an account: it cannot log in, its sessions end and its tokens stop working.
    Disable {
        /// The account.
        username: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// The account.
        username: String,
    },
    /// Make an invitation and print its sign-up link, once (only a hash of it is stored). The
    /// link works once, until it expires.
    Invite {
        /// Role the new account gets. Repeatable [default: member].
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Days until the link stops working.
        #[arg(long, default_value_t = 7)]
        expires_in_days: u32,
        /// The site's public address; the link is BASE-URL/signup/SECRET.
        #[arg(long, env = "CONCORD_PUBLIC_URL")]
        base_url: String,
    },
}

/// What `concord user role` does.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleChange {
    /// Add the role.
    Grant,
    /// Remove the role.
    Revoke,
}
