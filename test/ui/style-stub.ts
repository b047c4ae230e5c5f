/** Stands in for the CSS files Atlaskit components import: jsdom tests need no styles. */
export {};
