// Validates a tool's structured content against its output schema, as the SDK's Client asks.
// The SDK's default (ajv) compiles every output schema when the tools are listed — 30 ms and more
// per connect on a busy machine — and generates code with `new Function`, which a host page with
// a strict Content-Security-Policy forbids. This interprets the schema instead (@cfworker), and
// only when a tool's result first needs checking.
import type { Validator } from '@cfworker/json-schema';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';

export function lazySchemaValidator(ValidatorClass: typeof Validator): jsonSchemaValidator {
  return {
    getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
      let validator: Validator | null = null;
      return (input) => {
        validator ??= new ValidatorClass(schema as ConstructorParameters<typeof Validator>[0], '2020-12', true);
        const result = validator.validate(input);
        return result.valid
          ? { valid: true, data: input as T, errorMessage: undefined }
          : {
              valid: false,
              data: undefined,
              errorMessage: result.errors.map((e) => `${e.instanceLocation}: ${e.error}`).join('; '),
            };
      };
    },
  };
}
