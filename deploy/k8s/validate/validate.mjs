#!/usr/bin/env node
// Validates Kubernetes objects offline against the Kubernetes OpenAPI schemas that the
// `kubernetes-models` package compiles in.
//
//   kubectl kustomize deploy/k8s/overlays/dev | node validate.mjs
//   node validate.mjs rendered.yaml [more.yaml ...]      ("-" reads stdin)
//
// Prints one line per object ("ok" or "FAIL") and exits 0 only when there was at least one
// object and every object is a known kind that passes its schema. Exit 1: an object failed;
// exit 2: the input could not be read or parsed.
//
// What the schemas check: types, enums, formats and required fields. They do not reject
// unknown fields (the Kubernetes schemas allow them), so a misspelt field is not caught here.
//
// One deliberate leniency: base64 values (Secret data, ConfigMap binaryData) may contain line
// breaks, as `kubectl kustomize` writes long values. The API server decodes them with Go's
// base64 decoder, which skips \r and \n, so they are stripped before the schema check.
import { readFileSync } from "node:fs";
import { loadAll } from "js-yaml";

const API_VERSION = /^(?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function readInputs(args) {
  const sources = args.length === 0 ? ["-"] : args;
  return sources.map((source) => ({
    source: source === "-" ? "stdin" : source,
    text: readFileSync(source === "-" ? 0 : source, "utf8"),
  }));
}

async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !API_VERSION.test(apiVersion)) {
    throw new Error(`invalid apiVersion ${JSON.stringify(apiVersion)}`);
  }
  if (typeof kind !== "string" || !KIND.test(kind)) {
    throw new Error(`invalid kind ${JSON.stringify(kind)}`);
  }
  let module;
  try {
    module = await import(`kubernetes-models/${apiVersion}/${kind}`);
  } catch {
    throw new Error(`unknown kind ${apiVersion}/${kind} (not a built-in Kubernetes type)`);
  }
  const Model = module[kind];
  // Only top-level resources carry their apiVersion and kind; this rejects sub-types such as v1/PodSpec.
  if (typeof Model !== "function" || Model.apiVersion !== apiVersion || Model.kind !== kind) {
    throw new Error(`unknown kind ${apiVersion}/${kind} (not a top-level Kubernetes resource)`);
  }
  return Model;
}

function describe(object) {
  const meta = object?.metadata ?? {};
  const name = meta.namespace ? `${meta.namespace}/${meta.name}` : `${meta.name}`;
  return `${object?.apiVersion} ${object?.kind} ${name}`;
}

function formatErrors(error) {
  if (Array.isArray(error?.errors) && error.errors.length > 0) {
    return error.errors
      .map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}${e.params ? " " + JSON.stringify(e.params) : ""}`)
      .join("; ");
  }
  return error?.message ?? String(error);
}

function withUnwrappedBase64(object) {
  const field = object.apiVersion === "v1" && object.kind === "Secret" ? "data"
    : object.apiVersion === "v1" && object.kind === "ConfigMap" ? "binaryData"
    : undefined;
  const values = field ? object[field] : undefined;
  if (values === null || typeof values !== "object") return object;
  const unwrapped = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === "string" ? value.replace(/[\r\n]/g, "") : value]),
  );
  return { ...object, [field]: unwrapped };
}

async function validateObject(object, seen) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    throw new Error("document is not a mapping");
  }
  const Model = await modelFor(object.apiVersion, object.kind);
  const name = object.metadata?.name;
  if (typeof name !== "string" || name.length === 0) {
    throw new Error("metadata.name is missing");
  }
  const key = `${object.apiVersion}|${object.kind}|${object.metadata.namespace ?? ""}|${name}`;
  if (seen.has(key)) {
    throw new Error("duplicate object");
  }
  seen.add(key);
  // The model constructor copies the plain object; validate() throws with ajv errors.
  new Model(withUnwrappedBase64(object)).validate();
}

async function main() {
  let inputs;
  try {
    inputs = readInputs(process.argv.slice(2));
  } catch (error) {
    console.error(`error: cannot read input: ${error.message}`);
    return 2;
  }

  const seen = new Set();
  let ok = 0;
  let failed = 0;
  for (const { source, text } of inputs) {
    let documents;
    try {
      documents = loadAll(text);
    } catch (error) {
      console.error(`error: ${source}: not valid YAML: ${error.message}`);
      return 2;
    }
    for (const document of documents) {
      if (document === null || document === undefined) continue; // empty document between ---
      const objects = document.kind === "List" && Array.isArray(document.items) ? document.items : [document];
      for (const object of objects) {
        try {
          await validateObject(object, seen);
          ok++;
          console.log(`ok   ${describe(object)}`);
        } catch (error) {
          failed++;
          console.log(`FAIL ${describe(object)}: ${formatErrors(error)}`);
        }
      }
    }
  }

  if (ok + failed === 0) {
    console.error("error: no Kubernetes objects in the input");
    return 2;
  }
  console.log(`validated ${ok + failed} objects: ${ok} valid, ${failed} invalid`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
