package main

import (
	"fmt"
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/plot/vg"
)

// grey is a colour's luminance (ITU-R BT.709), as a greyscale print
// renders it, from 0 (black) to 1 (white).
func grey(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// A reader tells the models apart by colour, and one who cannot see
// the colours (colour-blind, or a greyscale print) by marker and
// dashes: no two models share a colour and a marker, nor a marker and
// dashes, and none is drawn so light that grey paper loses it.
func TestEveryModelLooksDifferentInColourAndInGrey(t *testing.T) {
	glyph := func(m model) string { return fmt.Sprintf("%T", m.shape) }
	for i, a := range models {
		assert.Less(t, grey(a.color), 0.9, "%s is too light for paper", a.name)
		for _, b := range models[i+1:] {
			assert.False(t, a.color == b.color && glyph(a) == glyph(b),
				"%s and %s share a colour and a marker", a.name, b.name)
			assert.False(t, glyph(a) == glyph(b) &&
				fmt.Sprint(a.dashes) == fmt.Sprint(b.dashes),
				"%s and %s share a marker and dashes: alike in grey", a.name, b.name)
			assert.NotEqual(t, glyph(a), glyph(b),
				"%s and %s share a marker: in grey only their dashes differ",
				a.name, b.name)
		}
	}
}

// Each figure is drawn figureWidth wide; a handout prints it at most
// printWidth wide. Every text in it must then be at least minPrintPt.
func TestFigureTextIsReadableWhenPrintedOnA4(t *testing.T) {
	scale := float64(printWidth) / float64(figureWidth)
	p := panel("t", "x", "y")
	sizes := map[string]vg.Length{
		"tick labels": p.X.Tick.Label.Font.Size, "axis labels": p.X.Label.TextStyle.Font.Size,
		"panel title": p.Title.TextStyle.Font.Size, "legend": modelLegend(models).TextStyle.Font.Size,
		"figure title": titleStyle.Font.Size, "subtitle": subStyle.Font.Size,
		"stamp": stampStyle.Font.Size,
	}
	for what, size := range sizes {
		assert.GreaterOrEqual(t, float64(size)*scale, float64(minPrintPt),
			"%s: %v pt prints at %.1f pt", what, size, float64(size)*scale)
	}
}
