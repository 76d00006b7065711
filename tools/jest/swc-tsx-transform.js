// The .tsx transformer (the web pages' templates). Its own module path because jest keeps one
// transformer per path: two '@swc/jest' entries with different options would collapse into one.
const { createTransformer } = require('@swc/jest');
const { swcOptions } = require('./swc-options');

module.exports = createTransformer(swcOptions(true));
