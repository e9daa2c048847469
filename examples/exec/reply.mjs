// A script provider: promptfoo's exec: provider passes the prompt, the provider options and the
// call context (JSON) as the last three arguments; whatever the script prints is the output.
const [prompt, , context] = process.argv.slice(2);
const { vars } = JSON.parse(context);
console.log(`Reply to "${prompt}" for ${vars.user}`);
