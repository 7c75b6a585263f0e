//! Users, their departments, passwords (argon2id at OWASP parameters) and login sessions.
//! A session is a family of refresh tokens: each refresh rotates the token within the
//! family; logout revokes the family; reuse of a rotated token revokes it as well (theft).

use std::collections::HashMap;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::entities::{refresh_token, user, user_department};
use super::{Actor, Db, StoreError, StoreResult, principal_cache};
use crate::domain::access::{Principal, Role};
use crate::store::update_if_version;

/// Minimum password length outside demo data.
pub const MIN_PASSWORD_LENGTH: usize = 12;

/// A user account as the API returns it (never the password hash).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct UserView {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub active: bool,
    /// Departments an editor belongs to.
    pub department_ids: Vec<i32>,
    pub version: i32,
}

fn view(model: user::Model, department_ids: Vec<i32>) -> UserView {
    UserView {
        id: model.id,
        username: model.username,
        display_name: model.display_name,
        email: model.email,
        role: Role::parse(&model.role).unwrap_or(Role::Council),
        active: model.active,
        department_ids,
        version: model.version,
    }
}

fn to_json(view: &UserView) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

/// Hashes a password with argon2id (19 MiB, 2 iterations, 1 lane: the OWASP minimum).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// How many argon2 computations may run at once. Each holds 19 MiB and a core for ≈ 30 ms;
/// more at once only multiply memory (the blocking pool would start a thread, and a block,
/// per concurrent sign-in) without finishing any sooner on a small server.
const CONCURRENT_PASSWORD_HASHES: usize = 2;

fn password_hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| tokio::sync::Semaphore::new(CONCURRENT_PASSWORD_HASHES))
}

/// Runs an argon2 computation off the async workers, at most
/// [`CONCURRENT_PASSWORD_HASHES`] at a time; callers wait for a slot.
pub async fn with_password_hashing_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let _slot = password_hashing_slots()
        .acquire()
        .await
        .map_err(|_| anyhow::anyhow!("password hashing is shut down"))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// Checks a password against a stored hash; malformed hashes never verify.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

async fn departments_of<C: ConnectionTrait>(
    conn: &C,
    user_ids: &[i32],
) -> StoreResult<HashMap<i32, Vec<i32>>> {
    let mut map: HashMap<i32, Vec<i32>> = HashMap::new();
    if user_ids.is_empty() {
        return Ok(map);
    }
    for link in user_department::Entity::find()
        .filter(user_department::Column::UserId.is_in(user_ids.iter().copied()))
        .order_by_asc(user_department::Column::DepartmentId)
        .all(conn)
        .await?
    {
        map.entry(link.user_id)
            .or_default()
            .push(link.department_id);
    }
    Ok(map)
}

pub async fn list(db: &Db) -> StoreResult<Vec<UserView>> {
    let users = user::Entity::find()
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?;
    let ids: Vec<i32> = users.iter().map(|u| u.id).collect();
    let mut departments = departments_of(db, &ids).await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let deps = departments.remove(&u.id).unwrap_or_default();
            view(u, deps)
        })
        .collect())
}

pub async fn get(db: &Db, id: i32) -> StoreResult<UserView> {
    let model = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let deps = departments_of(db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok(view(model, deps))
}

/// The principal for an authenticated request: the user if active and the session alive.
pub async fn principal_for_session(
    db: &Db,
    user_id: i32,
    session_family: &str,
) -> StoreResult<Option<Principal>> {
    let Some(model) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if !model.active {
        return Ok(None);
    }
    let alive = refresh_token::Entity::find()
        .filter(refresh_token::Column::Family.eq(session_family))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .is_some();
    if !alive {
        return Ok(None);
    }
    let department_ids = departments_of(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default();
    let Some(role) = Role::parse(&model.role) else {
        return Ok(None);
    };
    Ok(Some(Principal {
        user_id,
        username: model.username,
        display_name: model.display_name,
        role,
        department_ids,
    }))
}

/// A validated new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub role: Role,
    pub department_ids: Vec<i32>,
}

/// Validated changes; `None` leaves a field unchanged.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub email: Option<Option<String>>,
    pub password_hash: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub department_ids: Option<Vec<i32>>,
}

async fn replace_departments<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    department_ids: &[i32],
) -> StoreResult<()> {
    super::replace_links(
        conn,
        user_department::Column::UserId,
        user_id,
        department_ids,
        |department_id| user_department::ActiveModel {
            user_id: Set(user_id),
            department_id: Set(department_id),
        },
    )
    .await
}

pub async fn create(db: &Db, new: NewUser, actor: &Actor) -> StoreResult<UserView> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let model = user::Entity::insert(user::ActiveModel {
        username: Set(new.username),
        display_name: Set(new.display_name),
        email: Set(new.email),
        password_hash: Set(new.password_hash),
        role: Set(new.role.as_str().into()),
        active: Set(true),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    replace_departments(&txn, model.id, &new.department_ids).await?;
    let created = view(model, new.department_ids);
    audit::record(
        &txn,
        actor,
        "user",
        Some(created.id),
        Action::Create,
        None,
        Some(&to_json(&created)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(created)
}

pub async fn update(
    db: &Db,
    id: i32,
    expected_version: i32,
    changes: UserChanges,
    actor: &Actor,
) -> StoreResult<UserView> {
    let txn = db.begin().await?;
    let current = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let old_departments = departments_of(&txn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let before = view(current.clone(), old_departments.clone());
    let password_changed = changes.password_hash.is_some();
    let deactivated = changes.active == Some(false);
    let mut active: user::ActiveModel = current.into();
    if let Some(v) = changes.display_name {
        active.display_name = Set(v);
    }
    if let Some(v) = changes.email {
        active.email = Set(v);
    }
    if let Some(v) = changes.password_hash {
        active.password_hash = Set(v);
    }
    if let Some(v) = changes.role {
        active.role = Set(v.as_str().into());
    }
    if let Some(v) = changes.active {
        active.active = Set(v);
    }
    active.version = Set(expected_version + 1);
    active.updated_at = Set(Utc::now());
    update_if_version(&txn, id, expected_version, active).await?;
    let department_ids = match changes.department_ids {
        Some(ids) => {
            replace_departments(&txn, id, &ids).await?;
            ids
        }
        None => old_departments,
    };
    if password_changed || deactivated {
        revoke_all_sessions(&txn, id).await?;
    }
    let model = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let after = view(model, department_ids);
    // Never put password hashes into the audit log: the views do not contain them.
    audit::record(
        &txn,
        actor,
        "user",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    principal_cache::sessions_changed();
    Ok(after)
}

/// The stored credentials for a login attempt.
pub struct Credentials {
    pub user_id: i32,
    pub password_hash: String,
    pub active: bool,
}

pub async fn credentials(db: &Db, username: &str) -> StoreResult<Option<Credentials>> {
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
        .map(|u| Credentials {
            user_id: u.id,
            password_hash: u.password_hash,
            active: u.active,
        }))
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A freshly issued refresh token (only the hash is stored).
pub struct IssuedRefreshToken {
    pub token: String,
    pub family: String,
    pub expires_at: DateTime<Utc>,
}

fn random_token() -> String {
    use base64::Engine;
    use rand::Rng;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn insert_token<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    family: String,
    lifetime: Duration,
) -> StoreResult<IssuedRefreshToken> {
    let token = random_token();
    let now = Utc::now();
    let expires_at = now + lifetime;
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        user_id: Set(user_id),
        family: Set(family.clone()),
        token_hash: Set(hash_token(&token)),
        expires_at: Set(expires_at),
        created_at: Set(now),
        revoked_at: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(IssuedRefreshToken {
        token,
        family,
        expires_at,
    })
}

/// Starts a new session for a user who just proved their password.
pub async fn start_session(
    db: &Db,
    user_id: i32,
    lifetime: Duration,
) -> StoreResult<IssuedRefreshToken> {
    insert_token(db, user_id, uuid::Uuid::new_v4().to_string(), lifetime).await
}

/// Why a refresh was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum RefreshRefused {
    Unknown,
    Expired,
    /// A rotated token was presented again: the whole session is revoked.
    Reused,
    UserDisabled,
}

/// Rotates a refresh token: the presented one is revoked, a new one of the same family
/// issued. Returns the user id and the new token.
pub async fn rotate_session(
    db: &Db,
    presented: &str,
    lifetime: Duration,
) -> StoreResult<Result<(i32, IssuedRefreshToken), RefreshRefused>> {
    let txn = db.begin().await?;
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(presented)))
        .one(&txn)
        .await?
    else {
        return Ok(Err(RefreshRefused::Unknown));
    };
    let now = Utc::now();
    if row.revoked_at.is_some() {
        revoke_family(&txn, &row.family).await?;
        crate::store::commit(txn).await?;
        principal_cache::sessions_changed();
        return Ok(Err(RefreshRefused::Reused));
    }
    if row.expires_at <= now {
        return Ok(Err(RefreshRefused::Expired));
    }
    let active = user::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .is_some_and(|u| u.active);
    if !active {
        return Ok(Err(RefreshRefused::UserDisabled));
    }
    // Revoke only if still unrevoked, so two concurrent refreshes cannot both succeed.
    let revoked = refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if revoked.rows_affected != 1 {
        return Ok(Err(RefreshRefused::Reused));
    }
    let issued = insert_token(&txn, row.user_id, row.family, lifetime).await?;
    crate::store::commit(txn).await?;
    Ok(Ok((row.user_id, issued)))
}

async fn revoke_family<C: ConnectionTrait>(conn: &C, family: &str) -> StoreResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

async fn revoke_all_sessions<C: ConnectionTrait>(conn: &C, user_id: i32) -> StoreResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends the session the presented refresh token belongs to (logout).
pub async fn end_session_by_token(db: &Db, presented: &str) -> StoreResult<()> {
    if let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(presented)))
        .one(db)
        .await?
    {
        revoke_family(db, &row.family).await?;
        principal_cache::sessions_changed();
    }
    Ok(())
}

/// Ends a session by its family id (logout with only an access token).
pub async fn end_session(db: &Db, family: &str) -> StoreResult<()> {
    revoke_family(db, family).await?;
    principal_cache::sessions_changed();
    Ok(())
}
