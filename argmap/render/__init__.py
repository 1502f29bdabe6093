"""Drawing a map: the scene (plain data, no Qt) and the painter that draws it (QtGui).

`argmap.render.scene.build_scene` is Qt-free; import `argmap.render.painter` for drawing.
"""
