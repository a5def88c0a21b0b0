import { useId, useState } from 'react';
import type { PermissionName, ShareTargetType } from '../../api/types';
import { PERMISSIONS, permissionAvailability } from '../../lib/permissions';
import {
  EXPIRY_OPTIONS,
  NOTE_MAX,
  PASSWORD_MIN,
  type ShareFormErrors,
  type ShareFormState,
} from '../../lib/share-form';
import { toDateTimeLocal } from '../../lib/format';

interface ShareFormFieldsProps {
  form: ShareFormState;
  onChange: (patch: Partial<ShareFormState>) => void;
  errors: ShareFormErrors;
  targetType: ShareTargetType;
  /** Editing a link that already has a password: an empty field keeps it. */
  keepsPassword?: boolean;
}

/** Permissions, password, expiry, use limit and note: the part of the dialog shared by create and edit. */
export function ShareFormFields({
  form,
  onChange,
  errors,
  targetType,
  keepsPassword = false,
}: ShareFormFieldsProps) {
  const id = useId();
  const isLink = form.recipientType === 'public_link';
  const [showPassword, setShowPassword] = useState(false);

  const setPermission = (name: PermissionName, value: boolean) =>
    onChange({ permissions: { ...form.permissions, [name]: value } });

  return (
    <>
      <fieldset className="fieldset">
        <legend>Permissions</legend>
        <div className="permission-grid">
          {PERMISSIONS.map((permission) => {
            const availability = permissionAvailability(permission.name, form.recipientType, targetType);
            const isView = permission.name === 'can_view';
            // Rights this kind of share can never carry are left out rather than shown greyed.
            if (!availability.available && !isView) return null;
            const checked = isView ? true : form.permissions[permission.name];
            const hintId = `${id}-${permission.name}-hint`;
            return (
              <label key={permission.name} className="check" aria-disabled={isView || undefined}>
                <input
                  type="checkbox"
                  name={permission.name}
                  checked={checked}
                  disabled={isView}
                  onChange={(event) => setPermission(permission.name, event.target.checked)}
                  aria-describedby={hintId}
                />
                <span>
                  <span className="check-label">{permission.label}</span>
                  <span id={hintId} className="field-hint">
                    {isView ? 'Always included' : permission.description}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {isLink ? (
          <p className="field-hint">Anyone holding a link is anonymous: links can only view and download.</p>
        ) : null}
        {errors.permissions ? <p className="field-error">{errors.permissions}</p> : null}
      </fieldset>

      {isLink ? (
        <fieldset className="fieldset">
          <legend>Protection</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.passwordEnabled}
              onChange={(event) => onChange({ passwordEnabled: event.target.checked, password: '' })}
            />
            <span className="check-label">Require a password</span>
          </label>
          {form.passwordEnabled ? (
            <div className="field">
              <label htmlFor={`${id}-password`}>Password</label>
              <div className="row">
                <input
                  id={`${id}-password`}
                  className="input"
                  type={showPassword ? 'text' : 'password'}
                  autoComplete="new-password"
                  value={form.password}
                  placeholder={keepsPassword ? 'Leave empty to keep the current password' : undefined}
                  onChange={(event) => onChange({ password: event.target.value })}
                  aria-invalid={errors.password ? true : undefined}
                  aria-describedby={`${id}-password-hint`}
                />
                <button
                  type="button"
                  className="btn btn-sm"
                  aria-pressed={showPassword}
                  onClick={() => setShowPassword((value) => !value)}
                >
                  {showPassword ? 'Hide' : 'Show'}
                </button>
              </div>
              <p id={`${id}-password-hint`} className={errors.password ? 'field-error' : 'field-hint'}>
                {errors.password ?? `At least ${PASSWORD_MIN} characters. Send it separately from the link.`}
              </p>
            </div>
          ) : null}
          <label className="check">
            <input
              type="checkbox"
              checked={form.limitUses}
              onChange={(event) =>
                onChange({
                  limitUses: event.target.checked,
                  maxUses: event.target.checked ? form.maxUses || '10' : '',
                })
              }
            />
            <span className="check-label">Limit how many times it opens</span>
          </label>
          {form.limitUses ? (
            <div className="field narrow">
              <label htmlFor={`${id}-uses`}>Use limit</label>
              <input
                id={`${id}-uses`}
                className="input"
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                value={form.maxUses}
                onChange={(event) => onChange({ maxUses: event.target.value })}
                aria-invalid={errors.maxUses ? true : undefined}
                aria-describedby={errors.maxUses ? `${id}-uses-error` : undefined}
              />
              {errors.maxUses ? (
                <p id={`${id}-uses-error`} className="field-error">
                  {errors.maxUses}
                </p>
              ) : null}
            </div>
          ) : null}
        </fieldset>
      ) : null}

      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-expiry`}>Expires</label>
          <select
            id={`${id}-expiry`}
            className="select"
            value={form.expiry}
            onChange={(event) => {
              const expiry = event.target.value as ShareFormState['expiry'];
              const expiryDate =
                expiry === 'custom' && !form.expiryDate
                  ? toDateTimeLocal(new Date(Date.now() + 7 * 24 * 3600_000))
                  : form.expiryDate;
              onChange({ expiry, expiryDate });
            }}
            aria-invalid={errors.expiry && form.expiry !== 'custom' ? true : undefined}
          >
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {form.expiry === 'custom' ? (
          <div className="field">
            <label htmlFor={`${id}-expiry-date`}>Ends on</label>
            <input
              id={`${id}-expiry-date`}
              className="input"
              type="datetime-local"
              value={form.expiryDate}
              min={toDateTimeLocal(new Date())}
              onChange={(event) => onChange({ expiryDate: event.target.value })}
              aria-invalid={errors.expiry ? true : undefined}
              aria-describedby={errors.expiry ? `${id}-expiry-error` : undefined}
            />
          </div>
        ) : null}
      </div>
      {errors.expiry ? (
        <p id={`${id}-expiry-error`} className="field-error">
          {errors.expiry}
        </p>
      ) : null}

      <div className="field">
        <label htmlFor={`${id}-note`}>Note for the recipient</label>
        <textarea
          id={`${id}-note`}
          className="textarea"
          value={form.note}
          maxLength={NOTE_MAX + 200}
          placeholder={isLink ? 'Shown on the link page' : 'Shown with the share'}
          onChange={(event) => onChange({ note: event.target.value })}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={`${id}-note-hint`}
        />
        <p id={`${id}-note-hint`} className={errors.note ? 'field-error' : 'field-hint'}>
          {errors.note ?? `${form.note.trim().length} / ${NOTE_MAX}`}
        </p>
      </div>
    </>
  );
}
