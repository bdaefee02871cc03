// rules.mjs — the one place where the server asks the core for activation rules and settings:
// every rule lives in the core, once; the server only maps the core's verdicts to statuses.
import { ApiError, fieldFor, isHubError } from './http/errors.mjs';

// Which status a rejected activation gets: the core names the problem, the server the status.
const ACTIVATION_STATUS = { already_activated: 409 };

export function createRules(hub) {
  return {
    /** Throws a 400 with the fields unless `value` is a valid `name` model (e.g. ActivationCreate). */
    checkModel(name, value) {
      const { valid, errors } = hub.validateModel(name, value);
      if (valid) return;
      const fields = errors.map((e) => ({ field: fieldFor(e) || 'body', message: e.message }));
      throw new ApiError(400, 'body_invalid', `the ${name} is not valid: ${fields[0].field} ${fields[0].message}`, { fields });
    },

    /**
     * The activation the core accepts (its `normalized` payload: dynamicVariables with defaults,
     * the reference spelling `variables` folded in), or throws the core's verdict as an Error
     * body. `connections` are the user's own only, so another user's id reads as unknown;
     * `context` is {user: {id, externalId}}, the user making the request.
     */
    checkActivation(payload, integration, connections, context) {
      let result;
      try {
        result = hub.validateActivation(payload, integration, connections, context);
      } catch (err) {
        // The core refuses what the server passed (not what the user sent): a server bug, a 500.
        if (isHubError(err)) throw new Error(`validateActivation refused the server's input: ${JSON.stringify(err.toJSON())}`);
        throw err;
      }
      if (result.valid) return result.normalized;
      const [first] = result.errors;
      const others = result.errors.length - 1 + (result.omitted ?? 0);
      throw new ApiError(ACTIVATION_STATUS[first.code] ?? 400, first.code, others ? `${first.message} (and ${others} more)` : first.message, {
        fields: result.errors.map((e) => ({ field: e.field, message: e.message })),
      });
    },

    /**
     * integrationSettings (seed 000) for the accepted `values`: one entry per field of the
     * core's settings form, holding the submitted value or the field's default. Groups hold
     * no value of their own; their fields do.
     */
    settingsFor(variablesSchema, values) {
      if (!variablesSchema) return [];
      const { fields } = hub.formFor(variablesSchema);
      return fields.map((f) => {
        const submitted = f.control === 'group' ? undefined : valueAt(values, f.key);
        return {
          configkey: f.configkey,
          configvalue: submitted === undefined ? f.configvalue : submitted,
          configtype: f.configtype,
          alignment: f.alignment,
          group: f.group,
          dependencyaction: f.dependencyaction,
        };
      });
    },
  };
}

// The value at a form field's dot path ("schedule.startDate"), or undefined.
function valueAt(values, path) {
  let v = values;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return v;
}
