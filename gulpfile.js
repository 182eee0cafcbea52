// Copies the node and credential icons (and codex JSON) next to the compiled JavaScript in dist/.
const { src, dest, task } = require('gulp');

task('build:icons', () => src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist')));
