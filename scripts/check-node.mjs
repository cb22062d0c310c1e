// Runs before `npm start` and `npm test`: a clear message instead of a crash on an old Node.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Klachtwijzer needs Node.js 22.12 or newer (24 LTS recommended); this is ${process.version}.\n` +
      'Without root: npm install --prefix ~/.node24 node@24 && export PATH=~/.node24/node_modules/.bin:$PATH',
  );
  process.exit(1);
}
